using System.Diagnostics.CodeAnalysis;
using Edge.Things.Control;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Control.Internal;

/// <summary>
/// The ten XEP-0325 parameter types on the wire: element names, XEP-0122 datatypes, lexical forms and the CLR types
/// of <see cref="ControlParameter{T}"/>.
/// </summary>
internal static class ControlTypes
{
    public const string ColorDatatype = "xdc:Color";
    public const string ColorAlphaDatatype = "xdc:ColorAlpha";

    private static readonly (ControlParameterType Type, string Element, string Datatype, string Hint)[] Table =
    [
        (ControlParameterType.Boolean, "boolean", "xs:boolean", "true, false, 1 or 0"),
        (ControlParameterType.Color, "color", ColorDatatype, "RRGGBB or RRGGBBAA in hexadecimal"),
        (ControlParameterType.Date, "date", "xs:date", "xs:date, e.g. 2013-05-01"),
        (ControlParameterType.DateTime, "dateTime", "xs:dateTime", "xs:dateTime, e.g. 2013-04-02T08:00:00Z"),
        (ControlParameterType.Double, "double", "xs:double", "xs:double, e.g. 8.192 or 1.5E3"),
        (ControlParameterType.Duration, "duration", "xs:duration", "xs:duration without years or months, e.g. PT3M30S"),
        (ControlParameterType.Int, "int", "xs:int", "a 32-bit integer"),
        (ControlParameterType.Long, "long", "xs:long", "a 64-bit integer"),
        (ControlParameterType.String, "string", "xs:string", "text"),
        (ControlParameterType.Time, "time", "xs:time", "xs:time, e.g. 08:00:00"),
    ];

    /// <summary>The parameter element's local name (<c>boolean</c>, <c>dateTime</c>, …).</summary>
    public static string ElementName(ControlParameterType type) => Row(type).Element;

    /// <summary>The XEP-0122 datatype a control form gives the type.</summary>
    public static string Datatype(ControlParameterType type) => Row(type).Datatype;

    /// <summary>
    /// The type of a parameter element. Smack's <c>&lt;bool/&gt;</c> (an older draft's name) is read as
    /// <c>boolean</c>.
    /// </summary>
    public static bool TryFromElementName(string localName, out ControlParameterType type)
    {
        if (localName == "bool")
        {
            type = ControlParameterType.Boolean;
            return true;
        }

        foreach (var row in Table)
        {
            if (row.Element == localName)
            {
                type = row.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The type a form datatype announces (<c>xdc:ColorAlpha</c> is a colour too).</summary>
    public static bool TryFromDatatype(string datatype, out ControlParameterType type)
    {
        if (datatype == ColorAlphaDatatype)
        {
            type = ControlParameterType.Color;
            return true;
        }

        foreach (var row in Table)
        {
            if (row.Datatype == datatype)
            {
                type = row.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The type named on a command line: the element name, case-insensitively (<c>bool</c> too).</summary>
    public static bool TryFromName(string name, out ControlParameterType type)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Element, name, StringComparison.OrdinalIgnoreCase))
            {
                type = row.Type;
                return true;
            }
        }

        return TryFromElementName(string.Equals(name, "bool", StringComparison.OrdinalIgnoreCase) ? "bool" : name, out type);
    }

    /// <summary>The type of a CLR value of one of the ten parameter CLR types.</summary>
    public static ControlParameterType TypeOf(object value) => value switch
    {
        bool => ControlParameterType.Boolean,
        ColorRgba => ControlParameterType.Color,
        DateOnly => ControlParameterType.Date,
        DateTimeOffset => ControlParameterType.DateTime,
        double => ControlParameterType.Double,
        TimeSpan => ControlParameterType.Duration,
        int => ControlParameterType.Int,
        long => ControlParameterType.Long,
        string => ControlParameterType.String,
        TimeOnly => ControlParameterType.Time,
        _ => throw new ArgumentException(
            $"A {value.GetType().Name} is not one of the ten XEP-0325 parameter types.", nameof(value)),
    };

    /// <summary>The lexical form of a CLR value (xs:* forms; colours as RRGGBB[AA]).</summary>
    public static string Format(object value) => value switch
    {
        bool b => XmlSchemaLexical.Format(b),
        ColorRgba c => c.ToString(),
        DateOnly d => XmlSchemaLexical.Format(d),
        DateTimeOffset dt => XmlSchemaLexical.Format(dt),
        double x => XmlSchemaLexical.Format(x),
        TimeSpan ts => XmlSchemaLexical.Format(ts),
        int i => XmlSchemaLexical.Format(i),
        long l => XmlSchemaLexical.Format(l),
        string s => s,
        TimeOnly t => XmlSchemaLexical.Format(t),
        _ => throw new ArgumentException(
            $"A {value.GetType().Name} is not one of the ten XEP-0325 parameter types.", nameof(value)),
    };

    /// <summary>
    /// Parses <paramref name="lexical"/> as <paramref name="type"/> into its CLR type; on failure the message names
    /// the parameter, quotes the value and says what was expected.
    /// </summary>
    public static bool TryParse(string name, ControlParameterType type, string lexical, TimeZoneInfo unzoned,
        [NotNullWhen(true)] out object? value, [NotNullWhen(false)] out string? error)
    {
        value = type switch
        {
            ControlParameterType.Boolean => XmlSchemaLexical.TryParseBoolean(lexical, out var b) ? b : null,
            ControlParameterType.Color => ColorRgba.TryParse(lexical.Trim(), out var c) ? c : null,
            ControlParameterType.Date => XmlSchemaLexical.TryParseDate(lexical, out var d) ? d : null,
            ControlParameterType.DateTime => XmlSchemaLexical.TryParseDateTime(lexical, unzoned, out var dt) ? dt : null,
            ControlParameterType.Double => XmlSchemaLexical.TryParseDouble(lexical, out var x) ? x : null,
            ControlParameterType.Duration => XmlSchemaLexical.TryParseDuration(lexical, out var ts) ? ts : null,
            ControlParameterType.Int => XmlSchemaLexical.TryParseInt(lexical, out var i) ? i : null,
            ControlParameterType.Long => XmlSchemaLexical.TryParseLong(lexical, out var l) ? l : null,
            ControlParameterType.String => lexical,
            ControlParameterType.Time => XmlSchemaLexical.TryParseTime(lexical, out var t) ? t : null,
            _ => null,
        };
        error = value is null
            ? $"Parameter '{name}': '{lexical}' is not a valid {ElementName(type)} value (expected {Row(type).Hint})."
            : null;
        return value is not null;
    }

    /// <summary>
    /// <paramref name="value"/> as the CLR type of <paramref name="target"/>, with the lossless widenings
    /// <see cref="ControlParameter.Validate"/> accepts (int to long or double, a long that fits to int).
    /// </summary>
    public static object ConvertTo(object value, ControlParameterType target) => (value, target) switch
    {
        (int i, ControlParameterType.Long) => (long)i,
        (int i, ControlParameterType.Double) => (double)i,
        (long l, ControlParameterType.Int) when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => value,
    };

    private static (ControlParameterType Type, string Element, string Datatype, string Hint) Row(ControlParameterType type) =>
        Table.First(r => r.Type == type);
}
