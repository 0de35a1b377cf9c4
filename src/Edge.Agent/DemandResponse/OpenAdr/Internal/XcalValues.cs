using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Edge.Agent.DemandResponse.OpenAdr.Internal;

/// <summary>
/// The lexical forms of <c>oadr_xcal_20b.xsd</c>, read strictly and without exceptions for control flow, invariant
/// culture.
/// <list type="bullet">
/// <item><c>xcal:DurationValueType</c>: the schema's pattern admits years and months and spells weeks oddly; read
/// here as RFC 5545 §3.3.6 / ISO 8601 durations of fixed length: <c>[+]P[nW]</c> alone, or
/// <c>[+]P[nD][T[nH][nM][nS]]</c>, units in that order, whole numbers only; the bare <c>P</c> and <c>PT</c> the
/// schema's pattern admits read as zero (OpenLEADR writes a zero duration as <c>P</c>). A negative duration, years
/// (<c>Y</c>), months (<c>M</c> before <c>T</c>) and hours or minutes without <c>T</c> are refused, and so is the
/// schema pattern's stray alternative <c>nW</c> without <c>P</c> (its alternation binds that way; RFC 5545 writes
/// <c>PnW</c>, which the pattern in turn refuses).</item>
/// <item><c>xcal:DateTimeType</c>: <c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c>. The schema makes the <c>Z</c> optional; a time
/// without it has no defined zone, so it is refused here, as is a numeric offset.</item>
/// </list>
/// </summary>
internal static class XcalValues
{
    private const int MaxDigits = 9;

    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    /// <summary>Reads an xcal duration; <paramref name="reason"/> says what is wrong with it.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value, [NotNullWhen(false)] out string? reason)
    {
        value = TimeSpan.Zero;
        int i = 0;
        if (text.Length > 0 && text[0] == '-')
        {
            reason = "negative durations are not allowed";
            return false;
        }

        if (text.Length > 0 && text[0] == '+')
        {
            i++;
        }

        if (i >= text.Length || text[i] != 'P')
        {
            reason = "a duration starts with 'P'";
            return false;
        }

        i++;
        long seconds = 0;
        int lastRank = -1;
        bool inTime = false;
        bool timeComponent = false;
        while (i < text.Length)
        {
            if (text[i] == 'T')
            {
                if (inTime || lastRank == 0)
                {
                    reason = "misplaced 'T'";
                    return false;
                }

                inTime = true;
                i++;
                continue;
            }

            int digits = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digits)
            {
                reason = $"expected a number at '{text[i..]}'";
                return false;
            }

            if (i - digits > MaxDigits)
            {
                reason = "a number is too long";
                return false;
            }

            if (i >= text.Length)
            {
                reason = "a number has no unit";
                return false;
            }

            long number = long.Parse(text.AsSpan(digits, i - digits), NumberStyles.None, CultureInfo.InvariantCulture);
            char unit = text[i++];
            (int rank, long scale) = (inTime, unit) switch
            {
                (false, 'W') => (0, 7 * 86_400L),
                (false, 'D') => (1, 86_400L),
                (true, 'H') => (2, 3_600L),
                (true, 'M') => (3, 60L),
                (true, 'S') => (4, 1L),
                (false, 'Y' or 'M') => (-1, 0L),
                _ => (-2, 0L),
            };
            if (rank == -1)
            {
                reason = "years and months have no fixed length";
                return false;
            }

            if (rank == -2)
            {
                reason = $"unknown unit '{unit}'";
                return false;
            }

            if (lastRank == 0)
            {
                reason = "a week duration stands alone";
                return false;
            }

            if (rank <= lastRank)
            {
                reason = "units out of order";
                return false;
            }

            lastRank = rank;
            timeComponent |= inTime;
            seconds += number * scale;
        }

        // "P" and "PT" are zero: the schema's pattern admits them, and OpenLEADR writes a zero duration (an
        // open-ended event) as "P".
        if (inTime && !timeComponent && lastRank >= 0)
        {
            reason = "'T' without hours, minutes or seconds";
            return false;
        }

        if (seconds > (long)TimeSpan.MaxValue.TotalSeconds)
        {
            reason = "the duration is too long";
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        reason = null;
        return true;
    }

    /// <summary>Writes a duration as <c>P[nD][T[nH][nM][nS]]</c>, zero as <c>PT0S</c>. Throws for a negative or fractional-second value.</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value < TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "an xcal duration is a whole, non-negative number of seconds");
        }

        if (value == TimeSpan.Zero)
        {
            return "PT0S";
        }

        var text = new System.Text.StringBuilder("P");
        if (value.Days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Days}D");
        }

        if (value.Hours > 0 || value.Minutes > 0 || value.Seconds > 0)
        {
            text.Append('T');
            Append(text, value.Hours, 'H');
            Append(text, value.Minutes, 'M');
            Append(text, value.Seconds, 'S');
        }

        return text.ToString();

        static void Append(System.Text.StringBuilder text, int number, char unit)
        {
            if (number > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{number}{unit}");
            }
        }
    }

    /// <summary>Reads an xcal date-time in UTC; <paramref name="reason"/> says what is wrong with it.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value, [NotNullWhen(false)] out string? reason)
    {
        if (!text.EndsWith('Z'))
        {
            value = default;
            reason = "a date-time must be UTC, ending in 'Z'";
            return false;
        }

        if (!DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            reason = "not a date-time of the form yyyy-MM-ddTHH:mm:ssZ";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Writes a date-time in UTC, with a fraction of a second only when it has one.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads an xs:float value that must be finite.</summary>
    public static bool TryParseFloat(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Writes a finite value in its shortest round-trip form. Throws for NaN or an infinity.</summary>
    public static string FormatFloat(double value) =>
        double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "a payloadFloat value must be finite");

    /// <summary>Reads an xs:unsignedInt (digits only).</summary>
    public static bool TryParseUnsignedInt(string text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
