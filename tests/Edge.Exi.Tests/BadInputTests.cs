namespace Edge.Exi.Tests;

[TestClass]
public sealed class BadInputTests
{
    [TestMethod]
    public void Decode_EmptyInput_ThrowsExiExceptionAtBitZero()
    {
        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml([]));

        Assert.AreEqual(0, ex.BitOffset);
    }

    [TestMethod]
    public void Decode_WrongDistinguishingBits_ThrowsExiException()
    {
        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml([0xC0, 0x00]));

        StringAssert.Contains(ex.Message, "distinguishing bits");
    }

    [TestMethod]
    public void Decode_UnsupportedVersion_ThrowsExiException()
    {
        // 10 0 0 0001: final version 2.
        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml([0b1000_0001, 0x00]));

        StringAssert.Contains(ex.Message, "version 2");
    }

    [TestMethod]
    public void Decode_TruncatedStream_ThrowsExiExceptionNearTheEnd()
    {
        byte[] valid = Vectors.Exi("fields10", "bitpacked");
        byte[] truncated = valid[..(valid.Length / 2)];

        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml(truncated));

        Assert.IsGreaterThanOrEqualTo(truncated.Length * 8L - 64, ex.BitOffset);
        Assert.IsLessThanOrEqualTo(truncated.Length * 8L, ex.BitOffset);
    }

    [TestMethod]
    public void Decode_AbsurdStringLength_ThrowsExiExceptionWithoutAllocating()
    {
        // Header 0x80, SD, SE(*) (0 bits), URI miss (2 bits: 00), then a string length of 2^31-1 - 1 (local-name miss).
        var bytes = new List<byte> { 0x80 };
        var bits = new BitBuilder();
        bits.Add(0, 2);
        foreach (byte b in new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })
        {
            bits.Add(b, 8);
        }

        bytes.AddRange(bits.ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml(bytes.ToArray(), new ExiOptions { MaxStringLength = 1000 }));

        Assert.IsLessThan(1_000_000, GC.GetAllocatedBytesForCurrentThread() - before);
        StringAssert.Contains(ex.Message, "exceeds the limit");
        Assert.AreEqual(10, ex.BitOffset, "the length prefix starts after the header byte and the 2-bit URI code");
    }

    [TestMethod]
    public void Decode_LocalNameIndexOutOfRange_ThrowsExiException()
    {
        // After the header SE(*) has a 0-bit code; URI "" (2-bit code 1) has no local names yet, so a local-name
        // hit (unsigned 0, then a 0-bit index) points past the end of its partition.
        var bits = new BitBuilder();
        bits.Add(0x80, 8);
        bits.Add(1, 2); // URI "" (index 0 + 1)
        bits.Add(0, 8); // local-name hit...
        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml(bits.ToArray()));

        StringAssert.Contains(ex.Message, "local-name index");
        Assert.AreEqual(18, ex.BitOffset);
    }

    [TestMethod]
    public void Decode_TooDeep_ThrowsExiException()
    {
        string xml = string.Concat(Enumerable.Repeat("<a>", 40)) + string.Concat(Enumerable.Repeat("</a>", 40));
        byte[] exi = ExiCodec.EncodeXml(xml);

        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml(exi, new ExiOptions { MaxDepth = 10 }));

        StringAssert.Contains(ex.Message, "deeper than 10");
    }

    [TestMethod]
    public void Decode_CompressedBlockBeyondEventBound_ThrowsExiException()
    {
        string xml = "<r>" + string.Concat(Enumerable.Repeat("<a/>", 5000)) + "</r>";
        byte[] exi = ExiCodec.EncodeXml(xml, new ExiOptions { Alignment = ExiAlignment.Compression, IncludeOptions = true });

        var ex = Assert.ThrowsExactly<ExiException>(() => ExiCodec.DecodeToXml(exi, new ExiOptions { MaxBufferedEvents = 1000 }));

        StringAssert.Contains(ex.Message, "MaxBufferedEvents");
    }
}
