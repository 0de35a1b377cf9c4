using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Edge.Iot.SensorData.Internal;

/// <summary>
/// The XML Schema lexical forms XEP-0323 uses (xs:int, xs:boolean, xs:double, xs:dateTime, xs:date, xs:time,
/// xs:duration), parsed without exceptions for control flow.
/// </summary>
internal static partial class XsdValues
{
    public static bool TryParseInt(string? text, out int value) =>
        int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseLong(string? text, out long value) =>
        long.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>xs:boolean: true, false, 1, 0.</summary>
    public static bool TryParseBoolean(string? text, out bool value)
    {
        switch (text?.Trim())
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

    /// <summary>
    /// xs:dateTime. A value without a zone is read in <paramref name="unzoned"/>: XEP-0323 §7.1 says a reader should
    /// assume the writer's zone is its own, and old implementations (slixmpp's xep_0323, the XEP's own examples)
    /// write local times without one.
    /// </summary>
    public static bool TryParseDateTime(string? text, TimeZoneInfo unzoned, out DateTimeOffset value)
    {
        value = default;
        var match = DateTimePattern().Match(text ?? string.Empty);
        if (!match.Success
            || !TryDate(match, out var date)
            || !TryTime(match, out var time, out var nextDay))
        {
            return false;
        }

        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (nextDay)
        {
            local = local.AddDays(1);
        }

        if (!TryZone(match, out var offset))
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(local, offset ?? unzoned.GetUtcOffset(local));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>xs:date; a zone, if written, is ignored (a calendar date has none in the model).</summary>
    public static bool TryParseDate(string? text, out DateOnly value)
    {
        value = default;
        var match = DatePattern().Match(text ?? string.Empty);
        return match.Success && TryZone(match, out _) && TryDate(match, out value);
    }

    /// <summary>xs:time; a zone, if written, is ignored (a time of day has none in the model).</summary>
    public static bool TryParseTime(string? text, out TimeOnly value)
    {
        value = default;
        var match = TimePattern().Match(text ?? string.Empty);
        // 24:00:00 (allowed by XML Schema) is midnight; TryTime leaves the value at 00:00:00 for it.
        return match.Success && TryZone(match, out _) && TryTime(match, out value, out _);
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

    private static bool TryDate(Match match, out DateOnly date) =>
        DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryTime(Match match, out TimeOnly time, out bool nextDay)
    {
        time = default;
        nextDay = false;
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var second = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        var fraction = match.Groups["f"].Value;
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        if (hour == 24 && minute == 0 && second == 0 && ticks == 0)
        {
            // xs:dateTime allows 24:00:00, the end of the day = 00:00:00 of the next.
            nextDay = true;
            return true;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
        return true;
    }

    private static bool TryZone(Match match, out TimeSpan? offset)
    {
        offset = null;
        var zone = match.Groups["zone"].Value;
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
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            return false;
        }

        var span = new TimeSpan(hours, minutes, 0);
        offset = zone[0] == '-' ? -span : span;
        return true;
    }

    [GeneratedRegex(@"^\s*[+-]?([0-9]+(\.(?<fraction>[0-9]*))?|\.(?<fraction>[0-9]+))([eE](?<exponent>[+-]?[0-9]{1,4}))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^\s*(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?<h>[0-9]{2}):(?<m>[0-9]{2}):(?<s>[0-9]{2})(\.(?<f>[0-9]+))?(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^\s*(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\s*(?<h>[0-9]{2}):(?<m>[0-9]{2}):(?<s>[0-9]{2})(\.(?<f>[0-9]+))?(?<zone>Z|[+-][0-9]{2}:[0-9]{2})?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
