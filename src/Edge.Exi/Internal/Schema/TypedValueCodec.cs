using System.Globalization;
using System.Numerics;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Writes and reads the typed value representations of EXI 1.0 §7.1 (all but strings and lists, which need the
/// string table and so live in the body coders). Reading yields the canonical text EXIficient writes back.
/// </summary>
internal static class TypedValueCodec
{
    private const int FloatSpecial = -(1 << 14);

    public static void Write(BitOutput output, Datatype type, in TypedValue value)
    {
        switch (type.Kind)
        {
            case DatatypeKind.Boolean:
                output.WriteBoolean(value.Number != 0);
                break;
            case DatatypeKind.PatternBoolean:
                output.WriteNBit((int)value.Number, 2);
                break;
            case DatatypeKind.Decimal:
                output.WriteBoolean(value.Negative);
                output.WriteUnsigned(value.Big ?? (BigInteger)(ulong)value.Number);
                output.WriteUnsigned(value.BigFraction ?? value.Fraction);
                break;
            case DatatypeKind.Float:
                output.WriteInteger(value.Number);
                output.WriteInteger(value.Exponent);
                break;
            case DatatypeKind.Integer:
                if (value.Big is BigInteger big)
                {
                    output.WriteInteger(big);
                }
                else
                {
                    output.WriteInteger(value.Number);
                }

                break;
            case DatatypeKind.UnsignedInteger:
                output.WriteUnsigned(value.Big ?? (BigInteger)value.Number);
                break;
            case DatatypeKind.BoundedInteger:
            case DatatypeKind.Enumeration:
                output.WriteNBit((int)value.Number, type.Bits);
                break;
            case DatatypeKind.DateTime:
                WriteDateTime(output, type.DateTimeFamily, value.DateTime);
                break;
            case DatatypeKind.Base64Binary:
            case DatatypeKind.HexBinary:
                output.WriteBinary(value.Bytes);
                break;
            default:
                throw new InvalidOperationException($"{type.Kind} values are written by the body encoder.");
        }
    }

    /// <summary>Reads a value and returns its canonical text. Every field is range-checked against the input.</summary>
    public static string Read(BitInput input, Datatype type)
    {
        switch (type.Kind)
        {
            case DatatypeKind.Boolean:
                return input.ReadBoolean() ? "true" : "false";
            case DatatypeKind.PatternBoolean:
                return TypedValue.PatternBooleanText(input.ReadNBit(2));
            case DatatypeKind.Decimal:
                bool negative = input.ReadBoolean();
                BigInteger integral = input.ReadUnsignedBig();
                BigInteger fraction = input.ReadUnsignedBig();
                return TypedValue.DecimalText(negative, integral, fraction);
            case DatatypeKind.Float:
                long at = input.BitPosition;
                BigInteger mantissa = input.ReadIntegerBig();
                BigInteger exponent = input.ReadIntegerBig();
                if (mantissa < long.MinValue || mantissa > long.MaxValue || exponent < FloatSpecial || exponent > -FloatSpecial - 1)
                {
                    throw new ExiException("Float mantissa or exponent out of range", at);
                }

                return TypedValue.FloatText((long)mantissa, (long)exponent);
            case DatatypeKind.Integer:
                return input.ReadIntegerBig().ToString(CultureInfo.InvariantCulture);
            case DatatypeKind.UnsignedInteger:
                return input.ReadUnsignedBig().ToString(CultureInfo.InvariantCulture);
            case DatatypeKind.BoundedInteger:
                long offsetAt = input.BitPosition;
                int offset = input.ReadNBit(type.Bits);
                BigInteger bounded = type.Minimum + offset;
                return bounded > type.Maximum
                    ? throw new ExiException($"Bounded integer offset {offset} beyond the type's range", offsetAt)
                    : bounded.ToString(CultureInfo.InvariantCulture);
            case DatatypeKind.Enumeration:
                int index = input.ReadCode(type.Bits, type.EnumerationCanonical.Length, "enumeration index");
                return type.EnumerationCanonical[index];
            case DatatypeKind.DateTime:
                return ReadDateTime(input, type.DateTimeFamily).ToString(type.DateTimeFamily);
            case DatatypeKind.Base64Binary:
                return Convert.ToBase64String(input.ReadBinary());
            case DatatypeKind.HexBinary:
                return Convert.ToHexString(input.ReadBinary());
            default:
                throw new InvalidOperationException($"{type.Kind} values are read by the body decoder.");
        }
    }

    private static void WriteDateTime(BitOutput output, DateTimeFamily kind, in DateTimeParts parts)
    {
        if (kind is DateTimeFamily.GYear or DateTimeFamily.GYearMonth or DateTimeFamily.Date or DateTimeFamily.DateTime)
        {
            output.WriteInteger(parts.Year - DateTimeParts.YearOffset);
        }

        if (kind is not (DateTimeFamily.GYear or DateTimeFamily.Time))
        {
            output.WriteNBit(parts.MonthDay, DateTimeParts.MonthDayBits);
        }

        if (kind is DateTimeFamily.DateTime or DateTimeFamily.Time)
        {
            output.WriteNBit(parts.Time, DateTimeParts.TimeBits);
            output.WriteBoolean(parts.FractionalSecs != 0);
            if (parts.FractionalSecs != 0)
            {
                output.WriteUnsigned((ulong)parts.FractionalSecs);
            }
        }

        output.WriteBoolean(parts.HasTimeZone);
        if (parts.HasTimeZone)
        {
            output.WriteNBit(parts.TimeZone + DateTimeParts.TimeZoneOffset, DateTimeParts.TimeZoneBits);
        }
    }

    private static DateTimeParts ReadDateTime(BitInput input, DateTimeFamily kind)
    {
        var parts = default(DateTimeParts);
        long at = input.BitPosition;
        if (kind is DateTimeFamily.GYear or DateTimeFamily.GYearMonth or DateTimeFamily.Date or DateTimeFamily.DateTime)
        {
            long year = input.ReadInteger() + DateTimeParts.YearOffset;
            parts.Year = year is > -100_000_000 and < 100_000_000 ? (int)year : throw new ExiException("Year out of range", at);
        }

        if (kind is not (DateTimeFamily.GYear or DateTimeFamily.Time))
        {
            parts.MonthDay = input.ReadNBit(DateTimeParts.MonthDayBits);
        }

        if (kind is DateTimeFamily.DateTime or DateTimeFamily.Time)
        {
            parts.Time = input.ReadNBit(DateTimeParts.TimeBits);
            if (input.ReadBoolean())
            {
                parts.FractionalSecs = input.ReadUnsigned();
            }
        }

        parts.HasTimeZone = input.ReadBoolean();
        if (parts.HasTimeZone)
        {
            parts.TimeZone = input.ReadNBit(DateTimeParts.TimeZoneBits) - DateTimeParts.TimeZoneOffset;
        }

        parts.NormalizeMidnight();
        return parts;
    }
}
