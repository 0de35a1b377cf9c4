using Edge.Exi.Internal;

namespace Edge.Exi.Tests;

/// <summary>The primitive encodings of EXI 1.0 §7.1, written by <see cref="BitOutput"/> and read back by <see cref="BitInput"/>.</summary>
[TestClass]
public sealed class BitStreamTests
{
    [TestMethod]
    [DataRow(0UL, new byte[] { 0x00 })]
    [DataRow(127UL, new byte[] { 0x7F })]
    [DataRow(128UL, new byte[] { 0x80, 0x01 })]
    [DataRow(300UL, new byte[] { 0xAC, 0x02 })]
    [DataRow(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void WriteUnsigned_Value_Uses7BitGroupsLeastSignificantFirst(ulong value, byte[] expected)
    {
        var output = new BitOutput(byteAligned: true);

        output.WriteUnsigned(value);

        CollectionAssert.AreEqual(expected, output.ToSpan().ToArray());
        Assert.AreEqual(value, Reader(expected, byteAligned: true).ReadUnsigned64());
    }

    [TestMethod]
    public void WriteNBit_ByteAligned_UsesLittleEndianWholeBytes()
    {
        var output = new BitOutput(byteAligned: true);

        output.WriteNBit(0x1234, 13);

        CollectionAssert.AreEqual(new byte[] { 0x34, 0x12 }, output.ToSpan().ToArray());
    }

    [TestMethod]
    public void WriteNBit_BitPacked_PacksMostSignificantBitFirst()
    {
        var output = new BitOutput(byteAligned: false);

        output.WriteNBit(0b101, 3);
        output.WriteNBit(0b1, 1);
        output.WriteNBit(0b0011, 4);
        output.WriteNBit(0b1, 1);

        CollectionAssert.AreEqual(new byte[] { 0b1011_0011, 0b1000_0000 }, output.ToSpan().ToArray());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Primitives_WriteThenRead_RoundTrip(bool byteAligned)
    {
        var output = new BitOutput(byteAligned);
        output.WriteBoolean(true);
        output.WriteInteger(-1);
        output.WriteInteger(long.MinValue);
        output.WriteInteger(42);
        output.WriteString("h\u00e9\U0001F600");
        output.WriteBinary([1, 2, 255]);
        output.WriteNBit(5, 3);

        BitInput input = Reader(output.ToSpan().ToArray(), byteAligned);

        Assert.IsTrue(input.ReadBoolean());
        Assert.AreEqual(-1, input.ReadInteger());
        Assert.AreEqual(long.MinValue, input.ReadInteger());
        Assert.AreEqual(42, input.ReadInteger());
        Assert.AreEqual("h\u00e9\U0001F600", input.ReadString());
        CollectionAssert.AreEqual(new byte[] { 1, 2, 255 }, input.ReadBinary());
        Assert.AreEqual(5, input.ReadNBit(3));
    }

    [TestMethod]
    public void ReadString_LengthCountsCodePoints_NotUtf16Units()
    {
        var output = new BitOutput(byteAligned: true);

        output.WriteString("\U0001F600");

        byte[] bytes = output.ToSpan().ToArray();
        Assert.AreEqual(1, bytes[0], "one code point");
        Assert.AreEqual(4, bytes.Length, "length byte + 3 groups for U+1F600");
    }

    [TestMethod]
    public void ReadUnsigned_ElevenGroups_ThrowsExiException()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0xFF, 10), 0x01];

        var ex = Assert.ThrowsExactly<ExiException>(() => Reader(bytes, byteAligned: true).ReadUnsigned64());

        Assert.AreEqual(0, ex.BitOffset);
    }

    [TestMethod]
    public void ReadCodePoints_Surrogate_ThrowsExiException()
    {
        var output = new BitOutput(byteAligned: true);
        output.WriteUnsigned(1);
        output.WriteUnsigned(0xD800);

        var ex = Assert.ThrowsExactly<ExiException>(() => Reader(output.ToSpan().ToArray(), byteAligned: true).ReadString());

        StringAssert.Contains(ex.Message, "Invalid code point");
        Assert.AreEqual(8, ex.BitOffset);
    }

    [TestMethod]
    public void ReadCode_ValueBeyondCount_ThrowsExiExceptionAtCodeStart()
    {
        BitInput input = Reader([0b1110_0000], byteAligned: false);
        input.ReadBits(1);

        var ex = Assert.ThrowsExactly<ExiException>(() => input.ReadCode(2, 3, "event code"));

        Assert.AreEqual(1, ex.BitOffset);
        StringAssert.Contains(ex.Message, "Impossible event code 3");
    }

    private static BitInput Reader(byte[] bytes, bool byteAligned) => new(new MemoryStream(bytes), byteAligned, 1 << 16);
}
