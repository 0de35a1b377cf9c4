using System.Globalization;
using System.Text;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// The components of a date-time value as EXI 1.0 §7.1.8 codes them: Year (offset from 2000), MonthDay
/// (month × 32 + day, 9 bits), Time ((hour × 64 + minute) × 64 + second, 17 bits), FractionalSecs (the fraction
/// digits reversed, absent when zero) and TimeZone (± hours × 64 + minutes, 11 bits after adding 896).
/// </summary>
internal struct DateTimeParts
{
    public const int MonthDayBits = 9;
    public const int TimeBits = 17;
    public const int TimeZoneBits = 11;
    public const int YearOffset = 2000;
    public const int TimeZoneOffset = 14 * 64;

    public int Year;
    public int MonthDay;
    public int Time;
    public int FractionalSecs;
    public bool HasTimeZone;
    public int TimeZone;

    /// <summary>
    /// Parses the lexical form of <paramref name="kind"/> (XML Schema part 2 §3.2.7-3.2.14): four-digit years,
    /// two-digit fields, an optional fraction of seconds and an optional Z or ±hh:mm zone, as EXIficient reads them.
    /// </summary>
    public static bool TryParse(string text, DateTimeFamily kind, out DateTimeParts parts)
    {
        parts = default;
        var s = new Cursor(text.AsSpan().Trim().ToString());
        try
        {
            switch (kind)
            {
                case DateTimeFamily.GYear:
                    parts.Year = s.Year();
                    break;
                case DateTimeFamily.GYearMonth:
                    parts.Year = s.Year();
                    s.Expect('-');
                    parts.MonthDay = s.Two() * 32;
                    break;
                case DateTimeFamily.Date:
                    parts.Year = s.Year();
                    s.Expect('-');
                    parts.MonthDay = s.MonthDay();
                    break;
                case DateTimeFamily.DateTime:
                    parts.Year = s.Year();
                    s.Expect('-');
                    parts.MonthDay = s.MonthDay();
                    s.Expect('T');
                    s.TimeAndFraction(ref parts);
                    break;
                case DateTimeFamily.Time:
                    s.TimeAndFraction(ref parts);
                    break;
                case DateTimeFamily.GMonth:
                    s.Expect('-');
                    s.Expect('-');
                    parts.MonthDay = s.Two() * 32;
                    if (s.Rest.StartsWith("--", StringComparison.Ordinal))
                    {
                        s.Expect('-');
                        s.Expect('-');
                    }

                    break;
                case DateTimeFamily.GMonthDay:
                    s.Expect('-');
                    s.Expect('-');
                    parts.MonthDay = s.MonthDay();
                    break;
                default:
                    s.Expect('-');
                    s.Expect('-');
                    s.Expect('-');
                    parts.MonthDay = s.Two();
                    break;
            }

            string zone = s.Rest;
            if (zone.Length == 0)
            {
                parts.HasTimeZone = false;
            }
            else if (zone == "Z")
            {
                parts.HasTimeZone = true;
            }
            else
            {
                if (zone.Length != 6 || zone[0] is not ('+' or '-') || zone[3] != ':')
                {
                    return false;
                }

                int hours = int.Parse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture);
                int minutes = int.Parse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);
                parts.HasTimeZone = true;
                parts.TimeZone = (zone[0] == '-' ? -1 : 1) * ((hours * 64) + minutes);
            }
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }

        parts.NormalizeMidnight();
        return parts.MonthDay < (1 << MonthDayBits) && parts.Time < (1 << TimeBits)
            && parts.TimeZone + TimeZoneOffset is >= 0 and < (1 << TimeZoneBits);
    }

    /// <summary>24:00:00 is the first instant of the next day (EXIficient rolls the day, and the year after day 12/32).</summary>
    public void NormalizeMidnight()
    {
        int hour = Time / (64 * 64);
        if (hour != 24)
        {
            return;
        }

        Time -= hour * 64 * 64;
        MonthDay++;
        int month = MonthDay / 32;
        if (month == 13)
        {
            Year++;
            MonthDay = 32 + 1;
        }
    }

    /// <summary>The canonical text a decoder writes (EXIficient's form: fraction digits only when non-zero, Z for +00:00).</summary>
    public readonly string ToString(DateTimeFamily kind)
    {
        var text = new StringBuilder(32);
        switch (kind)
        {
            case DateTimeFamily.GYear:
                AppendYear(text);
                break;
            case DateTimeFamily.GYearMonth:
                AppendYear(text);
                text.Append('-');
                Two(text, MonthDay / 32);
                break;
            case DateTimeFamily.Date:
                AppendYear(text);
                AppendMonthDay(text);
                break;
            case DateTimeFamily.DateTime:
                AppendYear(text);
                AppendMonthDay(text);
                text.Append('T');
                AppendTime(text);
                break;
            case DateTimeFamily.Time:
                AppendTime(text);
                break;
            case DateTimeFamily.GMonth:
                text.Append("--");
                Two(text, MonthDay / 32);
                break;
            case DateTimeFamily.GMonthDay:
                text.Append('-');
                AppendMonthDay(text);
                break;
            default:
                text.Append("---");
                Two(text, MonthDay % 32);
                break;
        }

        if (HasTimeZone)
        {
            if (TimeZone == 0)
            {
                text.Append('Z');
            }
            else
            {
                int zone = Math.Abs(TimeZone);
                text.Append(TimeZone < 0 ? '-' : '+');
                Two(text, zone / 64);
                text.Append(':');
                Two(text, zone % 64);
            }
        }

        return text.ToString();
    }

    private readonly void AppendYear(StringBuilder text)
    {
        if (Year < 0)
        {
            text.Append('-');
        }

        text.Append(Math.Abs(Year).ToString("0000", CultureInfo.InvariantCulture));
    }

    private readonly void AppendMonthDay(StringBuilder text)
    {
        text.Append('-');
        Two(text, MonthDay / 32);
        text.Append('-');
        Two(text, MonthDay % 32);
    }

    private readonly void AppendTime(StringBuilder text)
    {
        Two(text, Time / 4096);
        text.Append(':');
        Two(text, Time / 64 % 64);
        text.Append(':');
        Two(text, Time % 64);
        if (FractionalSecs > 0)
        {
            char[] digits = FractionalSecs.ToString(CultureInfo.InvariantCulture).ToCharArray();
            Array.Reverse(digits);
            text.Append('.').Append(digits);
        }
    }

    private static void Two(StringBuilder text, int value) => text.Append(value.ToString("00", CultureInfo.InvariantCulture));

    /// <summary>Reads fixed-width fields from the front of a date-time text.</summary>
    private sealed class Cursor(string text)
    {
        private int _at;

        public string Rest => text[_at..];

        public int Year()
        {
            int width = _at < text.Length && text[_at] == '-' ? 5 : 4;
            int year = Number(width, allowSign: true);
            return year;
        }

        public int Two() => Number(2, allowSign: false);

        public int MonthDay()
        {
            int month = Two();
            Expect('-');
            return (month * 32) + Two();
        }

        public void TimeAndFraction(ref DateTimeParts parts)
        {
            int hour = Two();
            Expect(':');
            int minute = Two();
            Expect(':');
            int second = Two();
            parts.Time = (((hour * 64) + minute) * 64) + second;
            if (_at < text.Length && text[_at] == '.')
            {
                _at++;
                int start = _at;
                while (_at < text.Length && char.IsAsciiDigit(text[_at]))
                {
                    _at++;
                }

                char[] digits = text[start.._at].ToCharArray();
                Array.Reverse(digits);
                parts.FractionalSecs = digits.Length == 0 ? throw new FormatException() : int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        public void Expect(char c)
        {
            if (_at >= text.Length || text[_at] != c)
            {
                throw new FormatException();
            }

            _at++;
        }

        private int Number(int width, bool allowSign)
        {
            if (_at + width > text.Length)
            {
                throw new FormatException();
            }

            ReadOnlySpan<char> field = text.AsSpan(_at, width);
            _at += width;
            return int.Parse(field, allowSign ? NumberStyles.AllowLeadingSign : NumberStyles.None, CultureInfo.InvariantCulture);
        }
    }
}
