using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.SensorData.Internal;

/// <summary>
/// The XML Schema lexical forms XEP-0323 uses, parsed without exceptions for control flow. The plain forms are
/// <see cref="XmlSchemaLexical"/>'s; what sensor data reads differently is here: a numeric value keeps its number of
/// decimals, and a duration may carry years and months (old devices write them).
/// </summary>
internal static partial class XsdValues
{
    public static bool TryParseInt(string? text, out int value) => XmlSchemaLexical.TryParseInt(text, out value);

    public static bool TryParseLong(string? text, out long value) => XmlSchemaLexical.TryParseLong(text, out value);

    public static bool TryParseBoolean(string? text, out bool value) => XmlSchemaLexical.TryParseBoolean(text, out value);

    /// <summary>
    /// xs:dateTime. A value without a zone is read in <paramref name="unzoned"/>: XEP-0323 §7.1 says a reader should
    /// assume the writer's zone is its own, and old implementations (slixmpp's xep_0323, the XEP's own examples)
    /// write local times without one.
    /// </summary>
    public static bool TryParseDateTime(string? text, TimeZoneInfo unzoned, out DateTimeOffset value) =>
        XmlSchemaLexical.TryParseDateTime(text, unzoned, out value);

    /// <summary>xs:date; a zone, if written, is ignored (a calendar date has none in the model).</summary>
    public static bool TryParseDate(string? text, out DateOnly value) => XmlSchemaLexical.TryParseDate(text, out value);

    /// <summary>xs:time; a zone, if written, is ignored (a time of day has none in the model). 24:00:00 is midnight.</summary>
    public static bool TryParseTime(string? text, out TimeOnly value) => XmlSchemaLexical.TryParseTime(text, out value);

    /// <summary>
    /// A finite xs:double and the number of decimals as written (XEP-0323 §2 "Precision": "123.200" has three; with an
    /// exponent, "1.5E-3" has four, "1.25E1" one).
    /// </summary>
    public static bool TryParseNumeric(string? text, out double value, out int decimals)
    {
        value = 0;
        decimals = 0;
        var match = Decimal().Match(text ?? string.Empty);
        if (!match.Success
            || !double.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            || !double.IsFinite(value))
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value.Length;
        var exponent = 0;
        if (match.Groups["exponent"].Success
            && !int.TryParse(match.Groups["exponent"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return false;
        }

        decimals = (int)Math.Clamp((long)fraction - exponent, 0L, 15L);
        return true;
    }

    /// <summary>xs:duration (years count 365 days and months 30, as <see cref="XmlConvert"/> reads them).</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || !text.AsSpan().TrimStart().TrimStart('-').StartsWith("P"))
        {
            return false;
        }

        try
        {
            value = XmlConvert.ToTimeSpan(text.Trim());
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s*[+-]?([0-9]+(\.(?<fraction>[0-9]*))?|\.(?<fraction>[0-9]+))([eE](?<exponent>[+-]?[0-9]{1,4}))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Decimal();
}
