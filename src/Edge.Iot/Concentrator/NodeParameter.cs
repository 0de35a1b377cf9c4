using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Things.Control;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>
/// One node parameter (XEP-0326 §5.2): an element named after its type (<c>string</c>, <c>int</c>, …) with an
/// <c>id</c>, a human-readable <c>name</c> and a <c>value</c>. <see cref="Value"/> holds the CLR value:
/// <see cref="bool"/>, <see cref="ColorRgba"/>, <see cref="DateTimeOffset"/>, <see cref="double"/>,
/// <see cref="TimeSpan"/> (duration), <see cref="int"/>, <see cref="long"/>, <see cref="string"/> or
/// <see cref="TimeOnly"/>. Create one with the typed factories.
/// </summary>
public sealed record NodeParameter
{
    private NodeParameter(string id, string name, NodeParameterType type, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(name);
        Id = id;
        Name = name;
        Type = type;
        Value = value;
    }

    public string Id { get; }

    public string Name { get; }

    public NodeParameterType Type { get; }

    /// <summary>The value as its CLR type (see the type's remarks).</summary>
    public object Value { get; }

    /// <summary>The value's lexical form on the wire.</summary>
    public string LexicalValue => Value switch
    {
        bool b => Wire.Boolean(b),
        ColorRgba c => c.ToString(),
        DateTimeOffset dt => Wire.DateTime(dt),
        double d => XmlConvert.ToString(d),
        TimeSpan ts => Wire.Duration(ts),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => s,
        TimeOnly t => Wire.Time(t),
        _ => throw new InvalidOperationException($"Unexpected node parameter value {Value.GetType()}."),
    };

    public static NodeParameter Boolean(string id, string name, bool value) => new(id, name, NodeParameterType.Boolean, value);

    /// <summary>A colour; the XEP's colour is <c>RRGGBB</c>, so <paramref name="value"/> must have no alpha.</summary>
    public static NodeParameter Color(string id, string name, ColorRgba value) =>
        value.Alpha is null
            ? new(id, name, NodeParameterType.Color, value)
            : throw new ArgumentException($"A XEP-0326 colour parameter is RRGGBB; '{value}' has an alpha channel.", nameof(value));

    public static NodeParameter DateTime(string id, string name, DateTimeOffset value) => new(id, name, NodeParameterType.DateTime, value);

    public static NodeParameter Double(string id, string name, double value) => new(id, name, NodeParameterType.Double, value);

    public static NodeParameter Duration(string id, string name, TimeSpan value) => new(id, name, NodeParameterType.Duration, value);

    public static NodeParameter Int(string id, string name, int value) => new(id, name, NodeParameterType.Int, value);

    public static NodeParameter Long(string id, string name, long value) => new(id, name, NodeParameterType.Long, value);

    public static NodeParameter String(string id, string name, string value) =>
        new(id, name, NodeParameterType.String, value ?? throw new ArgumentNullException(nameof(value)));

    public static NodeParameter Time(string id, string name, TimeOnly value) => new(id, name, NodeParameterType.Time, value);

    /// <summary>The element, e.g. <c>&lt;string id='Model' name='Model' value='SDM630'/&gt;</c>.</summary>
    public XElement ToElement() => new(Wire.Ns + ElementName(Type),
        new XAttribute("id", Id), new XAttribute("name", Name), new XAttribute("value", LexicalValue));

    /// <summary>Whether <paramref name="element"/> is a parameter element (by its name).</summary>
    public static bool IsParameterElement(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.Name.Namespace == Wire.Ns && TryTypeOf(element.Name.LocalName, out _);
    }

    /// <summary>Reads a parameter element; throws <see cref="XmppProtocolException"/> for a malformed one.</summary>
    public static NodeParameter Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name.Namespace != Wire.Ns || !TryTypeOf(element.Name.LocalName, out NodeParameterType type))
        {
            throw new XmppProtocolException($"XEP-0326: <{element.Name.LocalName}/> is not a node parameter.");
        }

        string id = Wire.Attribute(element, "id") is { Length: > 0 } i
            ? i
            : throw new XmppProtocolException($"XEP-0326: a <{element.Name.LocalName}/> node parameter has no id.");
        string name = Wire.Attribute(element, "name") ?? id;
        string text = Wire.Attribute(element, "value")
            ?? throw new XmppProtocolException($"XEP-0326: node parameter '{id}' has no value.");
        try
        {
            return type switch
            {
                NodeParameterType.Boolean => Boolean(id, name, Wire.ParseBoolean(text, false, $"parameter '{id}'")),
                NodeParameterType.Color => new NodeParameter(id, name, type, ColorRgba.Parse(text)),
                NodeParameterType.DateTime => DateTime(id, name, Wire.ParseDateTime(text, $"parameter '{id}'")),
                NodeParameterType.Double => Double(id, name, XmlConvert.ToDouble(text)),
                NodeParameterType.Duration => Duration(id, name, XmlConvert.ToTimeSpan(text)),
                NodeParameterType.Int => Int(id, name, XmlConvert.ToInt32(text)),
                NodeParameterType.Long => Long(id, name, XmlConvert.ToInt64(text)),
                NodeParameterType.Time => Time(id, name, TimeOnly.Parse(text, CultureInfo.InvariantCulture)),
                _ => String(id, name, text),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new XmppProtocolException($"XEP-0326: node parameter '{id}': '{text}' is not a valid {ElementName(type)}.", e);
        }
    }

    public override string ToString() => $"{Id} ({ElementName(Type)}) = {LexicalValue}";

    private static string ElementName(NodeParameterType type) => type switch
    {
        NodeParameterType.Boolean => "boolean",
        NodeParameterType.Color => "color",
        NodeParameterType.DateTime => "dateTime",
        NodeParameterType.Double => "double",
        NodeParameterType.Duration => "duration",
        NodeParameterType.Int => "int",
        NodeParameterType.Long => "long",
        NodeParameterType.String => "string",
        NodeParameterType.Time => "time",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a XEP-0326 parameter type."),
    };

    private static bool TryTypeOf(string elementName, out NodeParameterType type)
    {
        foreach (NodeParameterType candidate in Enum.GetValues<NodeParameterType>())
        {
            if (ElementName(candidate) == elementName)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
