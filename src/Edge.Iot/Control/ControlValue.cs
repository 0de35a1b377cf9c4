using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.Control.Internal;
using Edge.Things.Control;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Control;

/// <summary>
/// One typed parameter of an XEP-0325 <c>set</c> (<c>&lt;int name='Output' value='50000'/&gt;</c>): the name, one of
/// the ten types and the value in its lexical form, exactly as on the wire. Built from CLR values with the typed
/// factories (<see cref="Int"/>, <see cref="Color"/>, …), from text with <see cref="Parse"/> /
/// <see cref="ParseArgument(string)"/>, or read from a request with <see cref="TryFromElement"/> (which keeps an
/// unparsable lexical form so the receiver can answer naming the parameter).
/// </summary>
public sealed record ControlValue
{
    public ControlValue(string name, ControlParameterType type, string lexical)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(lexical);
        Name = name;
        Type = type;
        Lexical = lexical;
    }

    /// <summary>The parameter name.</summary>
    public string Name { get; }

    public ControlParameterType Type { get; }

    /// <summary>The value as written on the wire (<c>value</c> attribute).</summary>
    public string Lexical { get; }

    public static ControlValue Boolean(string name, bool value) => Create(name, value);

    public static ControlValue Color(string name, ColorRgba value) => Create(name, value);

    public static ControlValue Date(string name, DateOnly value) => Create(name, value);

    public static ControlValue DateTime(string name, DateTimeOffset value) => Create(name, value);

    public static ControlValue Double(string name, double value) => Create(name, value);

    public static ControlValue Duration(string name, TimeSpan value) => Create(name, value);

    public static ControlValue Int(string name, int value) => Create(name, value);

    public static ControlValue Long(string name, long value) => Create(name, value);

    public static ControlValue String(string name, string value) => Create(name, value);

    public static ControlValue Time(string name, TimeOnly value) => Create(name, value);

    /// <summary>A value from a CLR value of one of the ten parameter CLR types (the type follows from it).</summary>
    public static ControlValue Create(string name, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new ControlValue(name, ControlTypes.TypeOf(value), ControlTypes.Format(value));
    }

    /// <summary>
    /// A value from text: throws <see cref="FormatException"/> naming the parameter and quoting the text when it is
    /// not a valid lexical form of <paramref name="type"/>.
    /// </summary>
    public static ControlValue Parse(string name, ControlParameterType type, string lexical)
    {
        var value = new ControlValue(name, type, lexical);
        return value.TryGetValue(TimeZoneInfo.Utc, out _, out var error) ? value : throw new FormatException(error);
    }

    /// <summary>
    /// A value from a command-line argument <c>name:type=value</c> (type: boolean, bool, color, date, dateTime,
    /// double, duration, int, long, string, time; case-insensitive). Throws <see cref="FormatException"/>.
    /// </summary>
    public static ControlValue ParseArgument(string argument) => ParseArgument(argument, null);

    /// <summary>
    /// A value from <c>name:type=value</c>, or <c>name=value</c> typed by <paramref name="form"/> (a control form from
    /// <see cref="ControlClient.GetFormAsync"/>). Throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static ControlValue ParseArgument(string argument, DataForm? form)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"'{argument}' is not name:type=value or name=value.");
        }

        var left = argument[..equals];
        var lexical = argument[(equals + 1)..];
        var colon = left.LastIndexOf(':');
        if (colon > 0 && ControlTypes.TryFromName(left[(colon + 1)..], out var type))
        {
            return Parse(left[..colon], type, lexical);
        }

        if (form is null)
        {
            throw new FormatException(
                $"'{argument}' has no type: write name:type=value (types: {string.Join(", ", Enum.GetValues<ControlParameterType>().Select(ControlTypes.ElementName))}).");
        }

        if (!form.TryGetField(left, out var field))
        {
            throw new FormatException($"The control form has no parameter '{left}'.");
        }

        return Parse(left, ControlForm.TypeOf(field), lexical);
    }

    /// <summary>
    /// The value as the CLR type of <see cref="Type"/> (<c>bool</c>, <see cref="ColorRgba"/>, …). A dateTime without
    /// a zone is taken in <paramref name="unzoned"/>. On failure <paramref name="error"/> names the parameter, quotes
    /// the value and says what was expected.
    /// </summary>
    public bool TryGetValue(TimeZoneInfo unzoned, [NotNullWhen(true)] out object? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(unzoned);
        return ControlTypes.TryParse(Name, Type, Lexical, unzoned, out value, out error);
    }

    /// <summary>The typed parameter element, e.g. <c>&lt;double name='4-20mA' value='8.192'/&gt;</c>.</summary>
    public XElement ToElement() =>
        new(ControlNamespaces.Control + ControlTypes.ElementName(Type), new XAttribute("name", Name),
            new XAttribute("value", Lexical));

    /// <summary>Whether <paramref name="element"/> is a typed parameter element (Smack's <c>bool</c> included).</summary>
    public static bool IsParameterElement(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Name.Namespace == ControlNamespaces.Control && ControlTypes.TryFromElementName(element.Name.LocalName, out _);
    }

    /// <summary>
    /// Reads a typed parameter element. The name and value attributes must be present; the value is kept as written
    /// (check it with <see cref="TryGetValue"/>).
    /// </summary>
    public static bool TryFromElement(XElement element, [NotNullWhen(true)] out ControlValue? value,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        value = null;
        if (element.Name.Namespace != ControlNamespaces.Control
            || !ControlTypes.TryFromElementName(element.Name.LocalName, out var type))
        {
            error = $"<{element.Name.LocalName}/> is not a control parameter element.";
            return false;
        }

        var name = (string?)element.Attribute("name");
        if (string.IsNullOrEmpty(name))
        {
            error = $"A <{element.Name.LocalName}/> parameter has no name.";
            return false;
        }

        var lexical = (string?)element.Attribute("value");
        if (lexical is null)
        {
            error = $"Parameter '{name}' has no value.";
            return false;
        }

        value = new ControlValue(name, type, lexical);
        error = null;
        return true;
    }

    /// <summary>The wire (and command-line) name of a parameter type: boolean, color, date, dateTime, … .</summary>
    public static string TypeName(ControlParameterType type) => ControlTypes.ElementName(type);

    public override string ToString() => $"{Name}:{ControlTypes.ElementName(Type)}={Lexical}";
}
