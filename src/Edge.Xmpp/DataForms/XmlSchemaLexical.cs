using System.Globalization;
using System.Numerics;
using System.Xml;

namespace Edge.Xmpp.DataForms;

/// <summary>
/// The lexical forms of the XML Schema Part 2 built-in datatypes that data forms (XEP-0122) and the IoT XEPs use:
/// strict parsing (the W3C lexical space after whitespace collapsing, nothing culture-dependent) and canonical-enough
/// writing. Types without a zone in .NET (<see cref="DateOnly"/>, <see cref="TimeOnly"/>) accept a zone suffix and
/// ignore it; a duration with years or months is refused, as those have no fixed length. Each lexical form is read
/// by a small scanner (<see cref="Lexer"/>) that follows the grammar of its section of XML Schema Part 2 (§3.2).
/// </summary>
public static class XmlSchemaLexical
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
        return s is not null && IsInteger(s)
            && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:long: an optional sign and decimal digits within 64 bits.</summary>
    public static bool TryParseLong(string? text, out long value)
    {
        var s = Collapse(text);
        value = 0;
        return s is not null && IsInteger(s)
            && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:integer (unbounded).</summary>
    public static bool TryParseInteger(string? text, out BigInteger value)
    {
        var s = Collapse(text);
        value = BigInteger.Zero;
        return s is not null && IsInteger(s)
            && BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:decimal: sign, digits and an optional fraction; no exponent.</summary>
    public static bool TryParseDecimal(string? text, out decimal value)
    {
        var s = Collapse(text);
        value = 0;
        return s is not null && IsDecimal(s, exponent: false)
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

        return IsDecimal(s, exponent: true)
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>xs:date: <c>YYYY-MM-DD</c> with an optional zone, which is accepted and ignored.</summary>
    public static bool TryParseDate(string? text, out DateOnly value)
    {
        value = default;
        var lexer = new Lexer(Collapse(text));
        return TryDate(ref lexer, out value) && TryZone(ref lexer, out _) && lexer.AtEnd;
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
        var lexer = new Lexer(Collapse(text));
        if (!TryDate(ref lexer, out var date) || !lexer.Take('T') || !TryTimeOfDay(ref lexer, out var time, out var endOfDay)
            || !TryZone(ref lexer, out var offset) || !lexer.AtEnd)
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
        var lexer = new Lexer(Collapse(text));
        return TryTimeOfDay(ref lexer, out value, out _) && TryZone(ref lexer, out _) && lexer.AtEnd;
    }

    /// <summary>
    /// xs:duration: <c>[-]P[nD][T[nH][nM][n[.f]S]]</c>. Years and months other than zero are refused: they have no
    /// fixed length, so no <see cref="TimeSpan"/> is exact.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        var lexer = new Lexer(Collapse(text));
        bool negative = lexer.Take('-');
        if (!lexer.Take('P'))
        {
            return false;
        }

        // §3.2.6.1: each part a number and its designator, in this order, each at most once; at least one part, and
        // a 'T' only before a time part. Only the seconds have a fraction.
        int parts = 0;
        parts += lexer.TryNumberBefore('Y', out long years) ? 1 : 0;
        parts += lexer.TryNumberBefore('M', out long months) ? 1 : 0;
        parts += lexer.TryNumberBefore('D', out long days) ? 1 : 0;
        long hours = 0, minutes = 0, seconds = 0, fraction = 0;
        if (lexer.Take('T'))
        {
            int timeParts = (lexer.TryNumberBefore('H', out hours) ? 1 : 0) + (lexer.TryNumberBefore('M', out minutes) ? 1 : 0)
                + (lexer.TrySecondsBefore('S', out seconds, out fraction) ? 1 : 0);
            if (timeParts == 0)
            {
                return false;
            }

            parts += timeParts;
        }

        if (parts == 0 || !lexer.AtEnd || years != 0 || months != 0) // years and months have no fixed length
        {
            return false;
        }

        try
        {
            var ticks = checked((days * TimeSpan.TicksPerDay) + (hours * TimeSpan.TicksPerHour)
                + (minutes * TimeSpan.TicksPerMinute) + (seconds * TimeSpan.TicksPerSecond) + fraction);
            value = TimeSpan.FromTicks(negative ? -ticks : ticks);
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

    // xs:integer's lexical form (§3.3.13.1): an optional sign and one digit or more.
    private static bool IsInteger(string s)
    {
        var lexer = new Lexer(s);
        lexer.TakeSign();
        return lexer.Digits() > 0 && lexer.AtEnd;
    }

    // xs:decimal (§3.2.3.1): an optional sign, digits with an optional '.' and fraction, at least one digit in all;
    // with exponent, xs:double's (§3.2.5.1) 'e' or 'E', an optional sign and one digit or more.
    private static bool IsDecimal(string s, bool exponent)
    {
        var lexer = new Lexer(s);
        lexer.TakeSign();
        int digits = lexer.Digits();
        if (lexer.Take('.'))
        {
            digits += lexer.Digits();
        }

        if (digits == 0)
        {
            return false;
        }

        if (exponent && (lexer.Take('e') || lexer.Take('E')))
        {
            lexer.TakeSign();
            if (lexer.Digits() == 0)
            {
                return false;
            }
        }

        return lexer.AtEnd;
    }

    // CCYY-MM-DD (§3.2.9.1): a year of four digits or more, optionally negative, then the month and the day.
    private static bool TryDate(ref Lexer lexer, out DateOnly date)
    {
        date = default;
        int start = lexer.Position;
        lexer.Take('-');
        if (lexer.Digits() < 4
            || !int.TryParse(lexer.Since(start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var y)
            || !lexer.Take('-') || !lexer.TwoDigits(out var mo) || !lexer.Take('-') || !lexer.TwoDigits(out var d))
        {
            return false;
        }

        if (y is < 1 or > 9999 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo))
        {
            return false;
        }

        date = new DateOnly(y, mo, d);
        return true;
    }

    // hh:mm:ss[.s+] (§3.2.8.1); 24:00:00 is the end of the day.
    private static bool TryTimeOfDay(ref Lexer lexer, out TimeOnly time, out bool endOfDay)
    {
        time = default;
        endOfDay = false;
        if (!lexer.TwoDigits(out var h) || !lexer.Take(':') || !lexer.TwoDigits(out var mi) || !lexer.Take(':')
            || !lexer.TwoDigits(out var s) || !lexer.TryFraction(out var fraction))
        {
            return false;
        }

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

    // An optional zone (§3.2.7.1): 'Z', or a sign and hh:mm within ±14:00.
    private static bool TryZone(ref Lexer lexer, out TimeSpan? offset)
    {
        offset = null;
        if (lexer.Take('Z'))
        {
            offset = TimeSpan.Zero;
            return true;
        }

        bool negative = lexer.Take('-');
        if (!negative && !lexer.Take('+'))
        {
            return true; // none
        }

        if (!lexer.TwoDigits(out var hours) || !lexer.Take(':') || !lexer.TwoDigits(out var minutes)
            || minutes > 59 || hours > 14 || (hours == 14 && minutes != 0))
        {
            return false;
        }

        var span = new TimeSpan(hours, minutes, 0);
        offset = negative ? -span : span;
        return true;
    }

    /// <summary>Reads a lexical form left to right; every method takes what it names or nothing.</summary>
    private ref struct Lexer(string? text)
    {
        private readonly ReadOnlySpan<char> _text = text;

        public int Position { get; private set; }

        public readonly bool AtEnd => text is not null && Position == _text.Length;

        public readonly ReadOnlySpan<char> Since(int start) => _text[start..Position];

        public bool Take(char c)
        {
            if (Position < _text.Length && _text[Position] == c)
            {
                Position++;
                return true;
            }

            return false;
        }

        public void TakeSign()
        {
            _ = Take('+') || Take('-');
        }

        /// <summary>Takes the decimal digits here; returns how many.</summary>
        public int Digits()
        {
            int start = Position;
            while (Position < _text.Length && char.IsAsciiDigit(_text[Position]))
            {
                Position++;
            }

            return Position - start;
        }

        public bool TwoDigits(out int value)
        {
            int start = Position;
            value = 0;
            if (Digits() != 2)
            {
                Position = start;
                return false;
            }

            value = ((_text[start] - '0') * 10) + (_text[start + 1] - '0');
            return true;
        }

        /// <summary>An optional '.' and one digit or more, as ticks (digits beyond 100 ns are cut off).</summary>
        public bool TryFraction(out long ticks)
        {
            ticks = 0;
            if (!Take('.'))
            {
                return true;
            }

            int start = Position;
            if (Digits() == 0)
            {
                return false;
            }

            ticks = FractionTicks(_text[start..Position]);
            return true;
        }

        /// <summary>
        /// Digits followed by <paramref name="designator"/> (a duration's part): taken, or nothing is. A number too
        /// long for a long becomes one that overflows the duration.
        /// </summary>
        public bool TryNumberBefore(char designator, out long number)
        {
            int start = Position;
            number = 0;
            if (Digits() == 0 || !Take(designator))
            {
                Position = start;
                return false;
            }

            number = Number(_text[start..(Position - 1)]);
            return true;
        }

        /// <summary>The seconds of a duration: digits, an optional fraction, then <paramref name="designator"/>.</summary>
        public bool TrySecondsBefore(char designator, out long seconds, out long fraction)
        {
            int start = Position;
            seconds = 0;
            fraction = 0;
            int digits = Digits();
            int end = Position;
            if (digits == 0 || !TryFraction(out fraction) || !Take(designator))
            {
                Position = start;
                fraction = 0;
                return false;
            }

            seconds = Number(_text[start..end]);
            return true;
        }

        private static long Number(ReadOnlySpan<char> digits) =>
            long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : long.MaxValue / 2;
    }

    private static long FractionTicks(ReadOnlySpan<char> digits)
    {
        long ticks = 0;
        for (int i = 0; i < MaxFractionDigits; i++)
        {
            ticks = (ticks * 10) + (i < digits.Length ? digits[i] - '0' : 0);
        }

        return ticks;
    }
}
