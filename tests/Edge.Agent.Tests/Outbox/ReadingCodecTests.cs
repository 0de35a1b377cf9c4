using Edge.Agent.Outbox;
using Edge.Things;

namespace Edge.Agent.Tests.Outbox;

[TestClass]
public sealed class ReadingCodecTests
{
    [TestMethod]
    public void Encode_EveryValueKind_DecodesToAnEqualReading()
    {
        var reading = Readings.AllKinds();

        Assert.IsTrue(ReadingCodec.TryDecode(ReadingCodec.Encode(reading), out var back, out var error), error);

        Assert.AreEqual(reading.Node, back.Node);
        Assert.AreEqual(reading.Timestamp, back.Timestamp);
        Assert.AreEqual(reading.Timestamp.Offset, back.Timestamp.Offset);
        Assert.AreEqual(reading.SequenceNumber, back.SequenceNumber);
        CollectionAssert.AreEqual(reading.Fields.ToList(), back.Fields.ToList());
        Assert.AreEqual(TimeSpan.FromMinutes(-330), ((DateTimeValue)back.Fields[8].Value).Value.Offset);
    }

    [TestMethod]
    public void TryPeekNode_Encoded_NodeIdWithoutDecoding()
    {
        Assert.IsTrue(ReadingCodec.TryPeekNode(ReadingCodec.Encode(Readings.AllKinds()), out var node));
        Assert.AreEqual("meter", node);
    }

    [TestMethod]
    public void TryDecode_EveryTruncation_FailsWithAReasonNeverThrows()
    {
        var bytes = ReadingCodec.Encode(Readings.AllKinds());
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.IsFalse(ReadingCodec.TryDecode(bytes.AsSpan(0, length), out _, out var error), $"length {length}");
            Assert.IsFalse(string.IsNullOrEmpty(error));
        }
    }

    [TestMethod]
    public void TryDecode_UnknownVersionOrTrailingBytes_Refused()
    {
        var bytes = ReadingCodec.Encode(Readings.Numeric("n", 1));
        var version = (byte[])bytes.Clone();
        version[0] = 9;
        Assert.IsFalse(ReadingCodec.TryDecode(version, out _, out var error));
        StringAssert.Contains(error, "version 9");
        Assert.IsFalse(ReadingCodec.TryDecode([.. bytes, 0], out _, out error));
        StringAssert.Contains(error, "trailing");
    }

    [TestMethod]
    public void TryDecode_RandomBytes_NeverThrows()
    {
        var random = new Random(17);
        var bytes = ReadingCodec.Encode(Readings.AllKinds());
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (byte[])bytes.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            _ = ReadingCodec.TryDecode(mutated, out _, out _);
        }
    }
}
