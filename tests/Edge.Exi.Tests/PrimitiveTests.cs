namespace Edge.Exi.Tests;

/// <summary>The primitive encodings of EXI 1.0 §7.1, checked through hand-assembled streams.</summary>
[TestClass]
public sealed class PrimitiveTests
{
    [TestMethod]
    public void Encode_EmptyElement_IsHeaderPlusKnownBits()
    {
        // 0x80 header; SD and SE(*) have 0-bit codes; URI "" = 01 (2 bits); local-name miss: length+1 = 2 as one
        // unsigned byte, 'a'; StartTagContent EE = 0.0 (0 + 2 bits: 00); DocEnd ED 0 bits.
        var expected = new BitBuilder();
        expected.Add(0x80, 8);
        expected.Add(1, 2);
        expected.Add(2, 8);
        expected.Add('a', 8);
        expected.Add(0, 2);

        CollectionAssert.AreEqual(expected.ToArray(), ExiCodec.EncodeXml("<a/>"));
    }

    [TestMethod]
    public void Encode_ByteAligned_UsesWholeBytesPerCode()
    {
        // Byte-aligned: URI code 1 in one byte, length 2, 'a', EE code 0.0 as one byte (second level only).
        byte[] exi = ExiCodec.EncodeXml("<a/>", new ExiOptions { Alignment = ExiAlignment.ByteAlignment });

        CollectionAssert.AreEqual(new byte[] { 0x80, 0x01, 0x02, (byte)'a', 0x00 }, exi);
    }

    [TestMethod]
    public void Encode_LongString_UsesMultiByteUnsignedLength()
    {
        string value = new('x', 200);

        byte[] exi = ExiCodec.EncodeXml($"<a>{value}</a>", new ExiOptions { Alignment = ExiAlignment.ByteAlignment });

        // ... EE/CH code byte, then the value miss: 200 + 2 = 202 = 0xCA 0x01 in 7-bit groups.
        int at = Array.IndexOf(exi, (byte)0xCA);
        Assert.IsGreaterThan(0, at);
        Assert.AreEqual(0x01, exi[at + 1]);
        Assert.AreEqual((byte)'x', exi[at + 2]);
    }

    [TestMethod]
    public void Options_Validate_RejectsStrictWithComments()
    {
        var options = new ExiOptions { Strict = true, PreserveComments = true };

        Assert.ThrowsExactly<ArgumentException>(options.Validate);
    }

    [TestMethod]
    public void ExiException_WithBitOffset_ReportsItInMessage()
    {
        var ex = new ExiException("bad", 42);

        Assert.AreEqual(42, ex.BitOffset);
        StringAssert.Contains(ex.Message, "at bit 42");
    }
}
