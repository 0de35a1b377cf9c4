using System.Globalization;
using System.Numerics;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// A value parsed from its lexical form for one non-string datatype (EXI 1.0 §7.1), ready to be written. The
/// lexical rules are those of XML Schema part 2 as the reference implementation (EXIficient) applies them, so
/// that the same text is judged valid (typed) or invalid (coded as an untyped string) on both sides.
/// </summary>
internal struct TypedValue
{
    /// <summary>The boolean (0/1), pattern-boolean id (0-3), enumeration index, integer or float mantissa.</summary>
    public long Number;

    /// <summary>An integer (or a decimal's integral part) too large for <see cref="Number"/>, else null.</summary>
    public BigInteger? Big;

    /// <summary>The float exponent.</summary>
    public long Exponent;

    /// <summary>The decimal sign.</summary>
    public bool Negative;

    /// <summary>The decimal's fractional digits, reversed, when they fit; else <see cref="BigFraction"/>.</summary>
    public ulong Fraction;

    public BigInteger? BigFraction;

    /// <summary>The date-time components (§7.1.8).</summary>
    public DateTimeParts DateTime;

    /// <summary>The bytes of a binary value.</summary>
    public byte[]? Bytes;

    /// <summary>The items of a list.</summary>
    public string[]? Items;

    private const ulong FloatMantissaLimit = long.MaxValue;
    private const int FloatExponentLimit = (1 << 14) - 1;

    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="type"/> (any kind but the string kinds).</summary>
    public static bool TryParse(Datatype type, string text, out TypedValue value)
    {
        value = default;
        switch (type.Kind)
        {
            case DatatypeKind.Boolean:
                return TryParseBoolean(text, out value.Number);
            case DatatypeKind.PatternBoolean:
                return TryParsePatternBoolean(text, out value.Number);
            case DatatypeKind.Decimal:
                return TryParseDecimal(text, ref value);
            case DatatypeKind.Float:
                return TryParseFloat(text, out value.Number, out value.Exponent);
            case DatatypeKind.Integer:
                return TryParseInteger(text, out value.Number, out value.Big);
            case DatatypeKind.UnsignedInteger:
                return TryParseInteger(text, out value.Number, out value.Big) && (value.Big is BigInteger b ? b.Sign >= 0 : value.Number >= 0);
            case DatatypeKind.BoundedInteger:
                if (!TryParseInteger(text, out value.Number, out value.Big))
                {
                    return false;
                }

                BigInteger v = value.Big ?? value.Number;
                if (v < type.Minimum || v > type.Maximum)
                {
                    return false;
                }

                value.Number = (long)(v - type.Minimum);
                value.Big = null;
                return true;
            case DatatypeKind.DateTime:
                return DateTimeParts.TryParse(text, type.DateTimeFamily, out value.DateTime);
            case DatatypeKind.Base64Binary:
                return TryParseBase64(text, out value.Bytes);
            case DatatypeKind.HexBinary:
                return TryParseHex(text, out value.Bytes);
            case DatatypeKind.Enumeration:
                int index = EnumerationIndex(type, text);
                value.Number = index;
                return index >= 0;
            case DatatypeKind.List:
                return TryParseList(type.Item!, text, out value.Items);
            default:
                throw new InvalidOperationException($"{type.Kind} values go through the string table.");
        }
    }

    /// <summary>Gets whether a value is valid for a datatype of any kind (strings always are).</summary>
    public static bool IsValid(Datatype type, string text) => type.IsString || TryParse(type, text, out _);

    /// <summary>The canonical text of a valid value, as a decoder writes it back (used for enumerated values).</summary>
    public static string Canonical(Datatype type, string text)
    {
        if (type.IsString || !TryParse(type, text, out TypedValue value))
        {
            return text;
        }

        return type.Kind switch
        {
            DatatypeKind.Boolean => value.Number != 0 ? "true" : "false",
            DatatypeKind.PatternBoolean => PatternBooleanText(value.Number),
            DatatypeKind.Decimal => DecimalText(value.Negative, value.Big ?? (BigInteger)(ulong)value.Number, value.BigFraction ?? value.Fraction),
            DatatypeKind.Float => FloatText(value.Number, value.Exponent),
            DatatypeKind.BoundedInteger => (type.Minimum + value.Number).ToString(CultureInfo.InvariantCulture),
            DatatypeKind.Integer or DatatypeKind.UnsignedInteger => (value.Big ?? value.Number).ToString(CultureInfo.InvariantCulture),
            DatatypeKind.DateTime => value.DateTime.ToString(type.DateTimeFamily),
            DatatypeKind.Base64Binary => Convert.ToBase64String(value.Bytes!),
            DatatypeKind.HexBinary => Convert.ToHexString(value.Bytes!),
            DatatypeKind.Enumeration => type.EnumerationCanonical[value.Number],
            _ => string.Join(' ', value.Items!.Select(item => Canonical(type.Item!, item))),
        };
    }

    public static string PatternBooleanText(long id) => id switch
    {
        0 => "false",
        1 => "0",
        2 => "true",
        _ => "1",
    };

    /// <summary>A decimal as EXIficient writes it: sign, integral digits, '.', the fraction digits (at least one).</summary>
    public static string DecimalText(bool negative, BigInteger integral, BigInteger reversedFraction)
    {
        char[] fraction = reversedFraction.ToString(CultureInfo.InvariantCulture).ToCharArray();
        Array.Reverse(fraction);
        bool isNegative = negative && !(integral.IsZero && reversedFraction.IsZero);
        return string.Concat(isNegative ? "-" : string.Empty, integral.ToString(CultureInfo.InvariantCulture), ".", new string(fraction));
    }

    /// <summary>A float as EXIficient writes it: "mantissaEexponent", or INF, -INF, NaN for the special values.</summary>
    public static string FloatText(long mantissa, long exponent)
    {
        if (exponent == -(1 << 14))
        {
            return mantissa switch
            {
                1 => "INF",
                -1 => "-INF",
                _ => "NaN",
            };
        }

        NormalizeFloat(ref mantissa, ref exponent);
        return string.Create(CultureInfo.InvariantCulture, $"{mantissa}E{exponent}");
    }

    /// <summary>The mantissa loses its trailing zeros (the exponent grows); zero has exponent 0 (as EXIficient does).</summary>
    public static void NormalizeFloat(ref long mantissa, ref long exponent)
    {
        if (exponent == -(1 << 14))
        {
            if (mantissa is not (1 or -1))
            {
                mantissa = 0;
            }

            return;
        }

        if (mantissa == 0)
        {
            exponent = 0;
            return;
        }

        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            exponent++;
        }
    }

    private static bool TryParseBoolean(string text, out long value)
    {
        switch (text.AsSpan().Trim())
        {
            case "true" or "1":
                value = 1;
                return true;
            case "false" or "0":
                value = 0;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryParsePatternBoolean(string text, out long value)
    {
        value = text.AsSpan().Trim() switch
        {
            "false" => 0,
            "0" => 1,
            "true" => 2,
            "1" => 3,
            _ => -1,
        };
        return value >= 0;
    }

    /// <summary>Integer lexical form: optional sign, at least one decimal digit, surrounding whitespace ignored.</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value, out BigInteger? big)
    {
        text = text.Trim();
        big = null;
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        bool negative = text[0] == '-';
        ReadOnlySpan<char> digits = text[0] is '-' or '+' ? text[1..] : text;
        if (digits.IsEmpty || !IsDigits(digits))
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        BigInteger parsed = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        big = negative ? -parsed : parsed;
        return true;
    }

    private static bool TryParseDecimal(string text, ref TypedValue value)
    {
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        value.Negative = s[0] == '-';
        if (s[0] is '-' or '+')
        {
            s = s[1..];
        }

        int point = s.IndexOf('.');
        ReadOnlySpan<char> integral = point < 0 ? s : s[..point];
        ReadOnlySpan<char> fraction = point < 0 ? "0" : s[(point + 1)..];
        if ((integral.IsEmpty && point != 0) || fraction.IsEmpty || !IsDigits(integral) || !IsDigits(fraction))
        {
            // EXIficient requires digits after a decimal point ("5." is not accepted as typed).
            return false;
        }

        if (integral.IsEmpty)
        {
            integral = "0";
        }

        if (ulong.TryParse(integral, NumberStyles.None, CultureInfo.InvariantCulture, out ulong whole))
        {
            value.Number = (long)whole;
            value.Big = whole > long.MaxValue ? whole : null;
        }
        else
        {
            value.Big = BigInteger.Parse(integral, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        Span<char> reversed = fraction.Length <= 256 ? stackalloc char[fraction.Length] : new char[fraction.Length];
        fraction.CopyTo(reversed);
        reversed.Reverse();
        if (ulong.TryParse(reversed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong rev))
        {
            value.Fraction = rev;
        }
        else
        {
            value.BigFraction = BigInteger.Parse(reversed, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        bool zero = (value.Big is BigInteger b ? b.IsZero : value.Number == 0) && value.Fraction == 0 && value.BigFraction is null;
        value.Negative &= !zero;
        return true;
    }

    /// <summary>
    /// Float lexical form: mantissa digits with at most one point, optional E exponent, or INF/-INF/NaN. The value
    /// is mantissa × 10^exponent with the mantissa in 64 bits and |exponent| below 2^14 (§7.1.4).
    /// </summary>
    public static bool TryParseFloat(string text, out long mantissa, out long exponent)
    {
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        mantissa = 0;
        exponent = 0;
        switch (s)
        {
            case "INF":
                mantissa = 1;
                exponent = -(1 << 14);
                return true;
            case "-INF":
                mantissa = -1;
                exponent = -(1 << 14);
                return true;
            case "NaN":
                exponent = -(1 << 14);
                return true;
            default:
                break;
        }

        int e = s.IndexOfAny('E', 'e');
        ReadOnlySpan<char> m = e < 0 ? s : s[..e];
        bool negative = !m.IsEmpty && m[0] == '-';
        if (!m.IsEmpty && m[0] is '-' or '+')
        {
            m = m[1..];
        }

        int point = m.IndexOf('.');
        ReadOnlySpan<char> whole = point < 0 ? m : m[..point];
        ReadOnlySpan<char> fraction = point < 0 ? [] : m[(point + 1)..];
        if ((whole.IsEmpty && fraction.IsEmpty) || !IsDigits(whole) || !IsDigits(fraction))
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (char c in string.Concat(whole, fraction))
        {
            ulong digit = (ulong)(c - '0');
            if (magnitude > (FloatMantissaLimit - digit) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        long exp = 0;
        if (e >= 0)
        {
            ReadOnlySpan<char> x = s[(e + 1)..];
            if (!long.TryParse(x, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp) || x.IsEmpty || !IsDigits(x[0] is '-' or '+' ? x[1..] : x))
            {
                return false;
            }
        }

        exp -= fraction.Length;
        if (exp is < -FloatExponentLimit or > FloatExponentLimit)
        {
            return false;
        }

        mantissa = negative ? -(long)magnitude : (long)magnitude;
        exponent = exp;
        NormalizeFloat(ref mantissa, ref exponent);
        return true;
    }

    private static bool TryParseBase64(string text, out byte[]? bytes)
    {
        string compact = string.Concat(text.Where(c => c is not (' ' or '\t' or '\n' or '\r')));
        bytes = null;
        if (compact.Length % 4 != 0)
        {
            return false;
        }

        byte[] buffer = new byte[compact.Length / 4 * 3];
        if (!Convert.TryFromBase64String(compact, buffer, out int written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private static bool TryParseHex(string text, out byte[]? bytes)
    {
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        bytes = null;
        if (s.Length % 2 != 0)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        bytes = Convert.FromHexString(s);
        return true;
    }

    private static int EnumerationIndex(Datatype type, string text)
    {
        Datatype baseType = type.EnumerationBase!;
        string[] lexical = type.EnumerationLexical;
        if (baseType.IsString)
        {
            // String enumerations compare the text as given (EXIficient compares string values exactly).
            return Array.IndexOf(lexical, text);
        }

        if (!TryParse(baseType, text, out _))
        {
            return -1;
        }

        string canonical = Canonical(baseType, text);
        return Array.IndexOf(type.EnumerationCanonical, canonical);
    }

    private static bool TryParseList(Datatype item, string text, out string[]? items)
    {
        items = text.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries);
        foreach (string token in items)
        {
            if (!IsValid(item, token))
            {
                items = null;
                return false;
            }
        }

        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
