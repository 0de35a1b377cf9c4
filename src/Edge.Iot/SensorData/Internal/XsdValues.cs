using System.Globalization;
using System.Xml;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.SensorData.Internal;

/// <summary>
/// The XML Schema lexical forms XEP-0323 uses, parsed without exceptions for control flow. The plain forms are
/// <see cref="XmlSchemaLexical"/>'s; what sensor data reads differently is here: a numeric value keeps its number of
/// decimals, and a duration may carry years and months (old devices write them).
/// </summary>
internal static class XsdValues
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

        // xs:double's lexical form (XML Schema Part 2 §3.2.5.1) without INF and NaN, blanks around it allowed: an
        // optional sign, digits with an optional '.' and fraction (at least one digit in all), an optional exponent.
        var s = (text ?? string.Empty).AsSpan().Trim();
        int i = 0;
        SkipSign(s, ref i);
        int digits = SkipDigits(s, ref i);
        int fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fraction = SkipDigits(s, ref i);
        }

        if (digits + fraction == 0)
        {
            return false;
        }

        int exponent = 0;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            int start = ++i;
            SkipSign(s, ref i);
            if (SkipDigits(s, ref i) is < 1 or > 4
                || !int.TryParse(s[start..i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }
        }

        if (i != s.Length || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
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

    private static void SkipSign(ReadOnlySpan<char> s, ref int i)
    {
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }
    }

    private static int SkipDigits(ReadOnlySpan<char> s, ref int i)
    {
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i - start;
    }
}
