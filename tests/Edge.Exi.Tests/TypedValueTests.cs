using Edge.Exi.Internal;
using Edge.Exi.Internal.Schema;

namespace Edge.Exi.Tests;

/// <summary>
/// Typed values (EXI 1.0 §7.1): which lexical forms are valid, the bits they code to, and the canonical text a
/// decoder writes back. Expected bits are assembled by hand from the specification's definitions.
/// </summary>
[TestClass]
public sealed class TypedValueTests
{
    private static readonly Datatype DecimalType = new(DatatypeKind.Decimal, WhiteSpace.Collapse);
    private static readonly Datatype FloatType = new(DatatypeKind.Float, WhiteSpace.Collapse);
    private static readonly Datatype IntegerType = new(DatatypeKind.Integer, WhiteSpace.Collapse);
    private static readonly Datatype UnsignedType = new(DatatypeKind.UnsignedInteger, WhiteSpace.Collapse);
    private static readonly Datatype BooleanType = new(DatatypeKind.Boolean, WhiteSpace.Collapse);
    private static readonly Datatype PatternBooleanType = new(DatatypeKind.PatternBoolean, WhiteSpace.Collapse);
    private static readonly Datatype DateTimeType = new(DatatypeKind.DateTime, WhiteSpace.Collapse) { DateTimeFamily = DateTimeFamily.DateTime };
    private static readonly Datatype Range = new(DatatypeKind.BoundedInteger, WhiteSpace.Collapse) { Minimum = 10, Maximum = 20, Bits = 4 };

    [TestMethod]
    [DataRow("-12.3400", "-12.34")]
    [DataRow(".5", "0.5")]
    [DataRow("7", "7.0")]
    [DataRow(" +0.0 ", "0.0")]
    [DataRow("-0", "0.0")]
    [DataRow("16.05", "16.05")]
    [DataRow("123456789012345678901234567890.5", "123456789012345678901234567890.5")]
    public void Decimal_ValidForms_RoundTripToCanonical(string lexical, string canonical) => AssertRoundTrip(DecimalType, lexical, canonical);

    [TestMethod]
    [DataRow("1.5E3", "15E2")]
    [DataRow("-0.25", "-25E-2")]
    [DataRow("100", "1E2")]
    [DataRow("1e-5", "1E-5")]
    [DataRow("0.0", "0E0")]
    [DataRow("INF", "INF")]
    [DataRow("-INF", "-INF")]
    [DataRow("NaN", "NaN")]
    [DataRow("11.0", "11E0")]
    public void Float_ValidForms_RoundTripToCanonical(string lexical, string canonical) => AssertRoundTrip(FloatType, lexical, canonical);

    [TestMethod]
    [DataRow("-123456789012345678901234567890", "-123456789012345678901234567890")]
    [DataRow("+5", "5")]
    [DataRow(" 42 ", "42")]
    [DataRow("9223372036854775808", "9223372036854775808")]
    public void Integer_ValidForms_RoundTripToCanonical(string lexical, string canonical) => AssertRoundTrip(IntegerType, lexical, canonical);

    [TestMethod]
    [DataRow("2026-11-23T09:30:15.125Z", "2026-11-23T09:30:15.125Z")]
    [DataRow("2026-11-23T09:30:15+01:30", "2026-11-23T09:30:15+01:30")]
    [DataRow("2026-12-31T24:00:00", "2027-01-01T00:00:00")]
    [DataRow("2026-01-01T00:00:00.000", "2026-01-01T00:00:00")]
    [DataRow("-0044-03-15T12:00:00-05:00", "-0044-03-15T12:00:00-05:00")]
    public void DateTime_ValidForms_RoundTripToCanonical(string lexical, string canonical) => AssertRoundTrip(DateTimeType, lexical, canonical);

    [TestMethod]
    [DataRow("Decimal", "5.")]
    [DataRow("Decimal", "1.2.3")]
    [DataRow("Decimal", "")]
    [DataRow("Float", "12345678901234567890")]
    [DataRow("Float", "1E16384")]
    [DataRow("Float", "1.5E")]
    [DataRow("Float", "abc")]
    [DataRow("Integer", "5.0")]
    [DataRow("Integer", "-")]
    [DataRow("UnsignedInteger", "-1")]
    [DataRow("Boolean", "yes")]
    [DataRow("DateTime", "2026-11-23")]
    [DataRow("DateTime", "yesterday")]
    [DataRow("DateTime", "2026-11-23T09:00:00+1:00")]
    [DataRow("Base64Binary", "SGVsbG8")]
    [DataRow("HexBinary", "0FA")]
    public void TryParse_InvalidForms_AreNotTyped(string kind, string lexical)
    {
        var type = new Datatype(Enum.Parse<DatatypeKind>(kind), WhiteSpace.Collapse) { DateTimeFamily = DateTimeFamily.DateTime };

        Assert.IsFalse(TypedValue.TryParse(type, lexical, out _), lexical);
    }

    [TestMethod]
    public void BoundedInteger_OutOfRange_IsNotTypedAndInRangeCodesOffset()
    {
        Assert.IsFalse(TypedValue.TryParse(Range, "21", out _));
        Assert.IsFalse(TypedValue.TryParse(Range, "9", out _));

        // 15 is offset 5 from the minimum, in ⌈log2 11⌉ = 4 bits (§7.1.9).
        CollectionAssert.AreEqual(new byte[] { 0b0101_0000 }, Encode(Range, "15"));
        AssertRoundTrip(Range, "20", "20");
    }

    [TestMethod]
    public void Float_SixteenPointFive_IsMantissa165ExponentMinus1()
    {
        // Integer mantissa 165: sign 0 then unsigned 165 = 0xA5 0x01; exponent -1: sign 1 then unsigned 0 (§7.1.4, §7.1.5).
        var bits = new BitBuilder();
        bits.Add(0, 1);
        bits.Add(0xA5, 8);
        bits.Add(0x01, 8);
        bits.Add(1, 1);
        bits.Add(0, 8);

        CollectionAssert.AreEqual(bits.ToArray(), Encode(FloatType, "16.5"));
    }

    [TestMethod]
    public void Decimal_MinusTwelvePointThreeFour_IsSignIntegralReversedFraction()
    {
        // Sign 1, integral 12, fraction digits "34" reversed = 43 (§7.1.3).
        var bits = new BitBuilder();
        bits.Add(1, 1);
        bits.Add(12, 8);
        bits.Add(43, 8);

        CollectionAssert.AreEqual(bits.ToArray(), Encode(DecimalType, "-12.34"));
    }

    [TestMethod]
    public void DateTime_Components_AreCodedAsSpecified()
    {
        // Year 2026 - 2000 = 26 as an Integer; MonthDay 11 × 32 + 23 = 375 in 9 bits; Time (9 × 64 + 0) × 64 + 2 =
        // 36866 in 17 bits; no fractional seconds; a time zone of 0 minutes: 0 + 896 in 11 bits (§7.1.8).
        var bits = new BitBuilder();
        bits.Add(0, 1);
        bits.Add(26, 8);
        bits.Add(375, 9);
        bits.Add(36866, 17);
        bits.Add(0, 1);
        bits.Add(1, 1);
        bits.Add(896, 11);

        CollectionAssert.AreEqual(bits.ToArray(), Encode(DateTimeType, "2026-11-23T09:00:02Z"));
    }

    [TestMethod]
    [DataRow("false", 0)]
    [DataRow("0", 1)]
    [DataRow("true", 2)]
    [DataRow("1", 3)]
    public void PatternBoolean_KeepsTheLexicalFormInTwoBits(string lexical, int id)
    {
        CollectionAssert.AreEqual(new[] { (byte)(id << 6) }, Encode(PatternBooleanType, lexical));
        AssertRoundTrip(PatternBooleanType, lexical, lexical);
        AssertRoundTrip(BooleanType, lexical, id >= 2 ? "true" : "false");
    }

    [TestMethod]
    public void Enumeration_MatchesByValueOfTheBaseType()
    {
        var enumeration = new Datatype(DatatypeKind.Enumeration, WhiteSpace.Collapse)
        {
            Bits = 2,
            EnumerationLexical = ["1", "02", "3"],
            EnumerationCanonical = ["1", "2", "3"],
            EnumerationBase = IntegerType,
        };

        Assert.IsTrue(TypedValue.TryParse(enumeration, " 2", out TypedValue value));
        Assert.AreEqual(1, value.Number);
        Assert.IsFalse(TypedValue.TryParse(enumeration, "4", out _));
        AssertRoundTrip(enumeration, "02", "2");
    }

    [TestMethod]
    public void Binary_Base64AndHex_DecodeToCanonicalText()
    {
        AssertRoundTrip(new Datatype(DatatypeKind.Base64Binary, WhiteSpace.Collapse), "SGVs bG8=", "SGVsbG8=");
        AssertRoundTrip(new Datatype(DatatypeKind.HexBinary, WhiteSpace.Collapse), "0fA1", "0FA1");
    }

    [TestMethod]
    public void Unsigned_LargerThan64Bits_RoundTrips() => AssertRoundTrip(UnsignedType, "36893488147419103232", "36893488147419103232");

    [TestMethod]
    public void ReadUnsignedBig_EndlessContinuation_IsRejectedAtBound()
    {
        byte[] endless = Enumerable.Repeat((byte)0xFF, 600).ToArray();
        var input = new BitInput(new MemoryStream(endless), byteAligned: false, 1 << 20);

        var ex = Assert.ThrowsExactly<ExiException>(() => input.ReadUnsignedBig());
        StringAssert.Contains(ex.Message, "7-bit groups");
    }

    private static byte[] Encode(Datatype type, string lexical)
    {
        Assert.IsTrue(TypedValue.TryParse(type, lexical, out TypedValue value), lexical);
        var output = new BitOutput(byteAligned: false);
        TypedValueCodec.Write(output, type, value);
        return output.ToSpan().ToArray();
    }

    private static void AssertRoundTrip(Datatype type, string lexical, string canonical)
    {
        byte[] bytes = Encode(type, lexical);
        var input = new BitInput(new MemoryStream(bytes), byteAligned: false, 1 << 20);

        Assert.AreEqual(canonical, TypedValueCodec.Read(input, type), lexical);
        Assert.AreEqual(canonical, TypedValue.Canonical(type, lexical), lexical);
    }
}
