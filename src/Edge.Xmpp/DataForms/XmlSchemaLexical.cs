using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using System.Xml;

namespace Edge.Xmpp.DataForms;

/// <summary>
/// The lexical forms of the XML Schema Part 2 built-in datatypes that data forms (XEP-0122) and the IoT XEPs use:
/// strict parsing (the W3C lexical space after whitespace collapsing, nothing culture-dependent) and canonical-enough
/// writing. Types without a zone in .NET (<see cref="DateOnly"/>, <see cref="TimeOnly"/>) accept a zone suffix and
/// ignore it; a duration with years or months is refused, as those have no fixed length.
/// </summary>
public static partial class XmlSchemaLexical
{
    private const int MaxFractionDigits = 7;

    /// <summary>xs:boolean: <c>true</c>, <c>false</c>, <c>1</c> or <c>0</c>.</summary>
    public static bool TryParseBoolean(string? text, out bool value)
    {
        switch (Collapse(text))
        {
            case "true" or "1":
                value = true;
                return true;
            case "false" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>xs:int: an optional sign and decimal digits within 32 bits.</summary>
    public static bool TryParseInt(string? text, out int value)
    {
        var s = Collapse(text);
        value = 0;
        return s is not null && IntegerPattern().IsMatch(s)
            && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:long: an optional sign and decimal digits within 64 bits.</summary>
    public static bool TryParseLong(string? text, out long value)
    {
        var s = Collapse(text);
        value = 0;
        return s is not null && IntegerPattern().IsMatch(s)
            && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:integer (unbounded).</summary>
    public static bool TryParseInteger(string? text, out BigInteger value)
    {
        var s = Collapse(text);
        value = BigInteger.Zero;
        return s is not null && IntegerPattern().IsMatch(s)
            && BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:decimal: sign, digits and an optional fraction; no exponent.</summary>
    public static bool TryParseDecimal(string? text, out decimal value)
    {
        var s = Collapse(text);
        value = 0;
        return s is not null && DecimalPattern().IsMatch(s)
            && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// xs:double: a decimal with an optional exponent, or <c>INF</c>, <c>+INF</c>, <c>-INF</c>, <c>NaN</c> (which parse;
    /// callers that need a finite number check <see cref="double.IsFinite"/>). "Infinity" and culture forms are refused.
    /// </summary>
    public static bool TryParseDouble(string? text, out double value)
    {
        var s = Collapse(text);
        value = 0;
        switch (s)
        {
            case null:
                return false;
            case "INF" or "+INF":
                value = double.PositiveInfinity;
                return true;
            case "-INF":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
        }

        return DoublePattern().IsMatch(s)
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:date: <c>YYYY-MM-DD</c> with an optional zone, which is accepted and ignored.</summary>
    public static bool TryParseDate(string? text, out DateOnly value)
    {
        value = default;
        var s = Collapse(text);
        var m = s is null ? null : DatePattern().Match(s);
        return m is { Success: true } && ZoneValid(m.Groups["zone"].Value, out _)
            && TryDate(m.Groups["y"].Value, m.Groups["mo"].Value, m.Groups["d"].Value, out value);
    }

    /// <summary>
    /// xs:dateTime: <c>YYYY-MM-DDThh:mm:ss[.fff][zone]</c>. A value without a zone is taken in
    /// <paramref name="unzoned"/> (XEP-0323/0325: an absent zone means the local one). <c>24:00:00</c> is the next
    /// day's midnight; fractions beyond 100 ns are truncated.
    /// </summary>
    public static bool TryParseDateTime(string? text, TimeZoneInfo unzoned, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(unzoned);
        value = default;
        var s = Collapse(text);
        var m = s is null ? null : DateTimePattern().Match(s);
        if (m is not { Success: true } || !ZoneValid(m.Groups["zone"].Value, out var offset)
            || !TryDate(m.Groups["y"].Value, m.Groups["mo"].Value, m.Groups["d"].Value, out var date)
            || !TryTimeOfDay(m, out var time, out var endOfDay))
        {
            return false;
        }

        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (endOfDay)
        {
            if (date == DateOnly.MaxValue)
            {
                return false;
            }

            local = local.AddDays(1);
        }

        value = new DateTimeOffset(local, offset ?? unzoned.GetUtcOffset(local));
        return true;
    }

    /// <summary>xs:time: <c>hh:mm:ss[.fff]</c> with an optional zone, which is accepted and ignored.</summary>
    public static bool TryParseTime(string? text, out TimeOnly value)
    {
        value = default;
        var s = Collapse(text);
        var m = s is null ? null : TimePattern().Match(s);
        return m is { Success: true } && ZoneValid(m.Groups["zone"].Value, out _) && TryTimeOfDay(m, out value, out _);
    }

    /// <summary>
    /// xs:duration: <c>[-]P[nD][T[nH][nM][n[.f]S]]</c>. Years and months other than zero are refused: they have no
    /// fixed length, so no <see cref="TimeSpan"/> is exact.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        var s = Collapse(text);
        var m = s is null ? null : DurationPattern().Match(s);
        if (m is not { Success: true } || s!.EndsWith('T') || s.EndsWith('P'))
        {
            return false;
        }

        if (Component(m, "y") != 0 || Component(m, "mo") != 0)
        {
            return false;
        }

        try
        {
            var ticks = checked((Component(m, "d") * TimeSpan.TicksPerDay) + (Component(m, "h") * TimeSpan.TicksPerHour)
                + (Component(m, "mi") * TimeSpan.TicksPerMinute) + (Component(m, "s") * TimeSpan.TicksPerSecond)
                + FractionTicks(m.Groups["f"].Value));
            value = TimeSpan.FromTicks(m.Groups["neg"].Success ? -ticks : ticks);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static string Format(bool value) => value ? "true" : "false";

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The shortest round-tripping form; <c>INF</c>, <c>-INF</c>, <c>NaN</c> for the special values.</summary>
    public static string Format(double value) => XmlConvert.ToString(value);

    public static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>xs:dateTime with its offset (<c>Z</c> for UTC) and only the fraction digits needed.</summary>
    public static string Format(DateTimeOffset value)
    {
        var stamp = value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return value.Offset == TimeSpan.Zero
            ? stamp + "Z"
            : stamp + value.ToString("zzz", CultureInfo.InvariantCulture);
    }

    public static string Format(TimeOnly value) => value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>xs:duration in days, hours, minutes and seconds (never years or months).</summary>
    public static string Format(TimeSpan value) => XmlConvert.ToString(value);

    /// <summary>XML Schema whitespace collapsing for non-string types: the value without leading/trailing blanks.</summary>
    private static string? Collapse(string? text) => text?.Trim(' ', '\t', '\r', '\n');

    private static bool TryDate(string year, string month, string day, out DateOnly date)
    {
        date = default;
        if (!int.TryParse(year, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var y)
            || y is < 1 or > 9999)
        {
            return false;
        }

        var mo = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo))
        {
            return false;
        }

        date = new DateOnly(y, mo, d);
        return true;
    }

    private static bool TryTimeOfDay(Match m, out TimeOnly time, out bool endOfDay)
    {
        time = default;
        var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var mi = int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture);
        var s = int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
        var fraction = FractionTicks(m.Groups["f"].Value);
        endOfDay = h == 24 && mi == 0 && s == 0 && fraction == 0;
        if (endOfDay)
        {
            return true;
        }

        if (h > 23 || mi > 59 || s > 59)
        {
            return false;
        }

        time = new TimeOnly((h * TimeSpan.TicksPerHour) + (mi * TimeSpan.TicksPerMinute) + (s * TimeSpan.TicksPerSecond)
            + fraction);
        return true;
    }

    private static bool ZoneValid(string zone, out TimeSpan? offset)
    {
        offset = null;
        if (zone.Length == 0)
        {
            return true;
        }

        if (zone == "Z")
        {
            offset = TimeSpan.Zero;
            return true;
        }

        var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(zone.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (minutes > 59 || hours > 14 || (hours == 14 && minutes != 0))
        {
            return false;
        }

        var span = new TimeSpan(hours, minutes, 0);
        offset = zone[0] == '-' ? -span : span;
        return true;
    }

    private static long Component(Match m, string group) =>
        m.Groups[group].Success
            ? long.TryParse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : long.MaxValue / 2
            : 0;

    private static long FractionTicks(string digits)
    {
        if (digits.Length == 0)
        {
            return 0;
        }

        var used = digits.Length > MaxFractionDigits ? digits[..MaxFractionDigits] : digits.PadRight(MaxFractionDigits, '0');
        return long.Parse(used, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^[+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DoublePattern();

    [GeneratedRegex(@"^(?<y>-?[0-9]{4,})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<y>-?[0-9]{4,})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})T(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(\.(?<f>[0-9]+))?(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(\.(?<f>[0-9]+))?(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?<neg>-)?P((?<y>[0-9]+)Y)?((?<mo>[0-9]+)M)?((?<d>[0-9]+)D)?(T((?<h>[0-9]+)H)?((?<mi>[0-9]+)M)?((?<s>[0-9]+)(\.(?<f>[0-9]+))?S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
