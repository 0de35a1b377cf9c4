using System.Text;
using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.Tests.FirmwareBridge;

[TestClass]
public sealed class BridgeCodecTests
{
    [TestMethod]
    public void Compute_CheckString_Is29B1()
    {
        Assert.AreEqual((ushort)0x29B1, Crc16CcittFalse.Compute("123456789"u8));
        Assert.AreEqual((ushort)0xFFFF, Crc16CcittFalse.Compute([]));
        Assert.AreEqual((ushort)0x29B1, Crc16CcittFalse.Update(Crc16CcittFalse.Compute("1234"u8), "56789"u8));
    }

    [TestMethod]
    [DataRow(new byte[] { 0x00 }, new byte[] { 0x01, 0x01 })]
    [DataRow(new byte[] { 0x00, 0x00 }, new byte[] { 0x01, 0x01, 0x01 })]
    [DataRow(new byte[] { 0x11, 0x22, 0x00, 0x33 }, new byte[] { 0x03, 0x11, 0x22, 0x02, 0x33 })]
    [DataRow(new byte[] { 0x11, 0x22, 0x33, 0x44 }, new byte[] { 0x05, 0x11, 0x22, 0x33, 0x44 })]
    [DataRow(new byte[] { 0x11, 0x00, 0x00, 0x00 }, new byte[] { 0x02, 0x11, 0x01, 0x01, 0x01 })]
    [DataRow(new byte[0], new byte[] { 0x01 })]
    public void Encode_KnownExample_GivesCanonicalBytesAndDecodesBack(byte[] data, byte[] expected)
    {
        byte[] encoded = new byte[Cobs.GetMaxEncodedLength(data.Length)];
        int n = Cobs.Encode(data, encoded);

        CollectionAssert.AreEqual(expected, encoded[..n]);
        Assert.IsTrue(Cobs.TryDecode(encoded.AsSpan(0, n), encoded, out int written));
        CollectionAssert.AreEqual(data, encoded[..written]);
    }

    [TestMethod]
    public void Encode_254NonZeroBytes_IsOneFullBlockWithoutTrailingEmptyBlock()
    {
        byte[] data = Enumerable.Range(1, 254).Select(i => (byte)i).ToArray();
        byte[] encoded = new byte[256];

        int n = Cobs.Encode(data, encoded);

        Assert.AreEqual(255, n);
        Assert.AreEqual((byte)0xFF, encoded[0]);
        byte[] nonCanonical = [.. encoded[..255], 0x01];
        Assert.IsTrue(Cobs.TryDecode(nonCanonical, new byte[300], out int written));
        Assert.AreEqual(254, written);
    }

    [TestMethod]
    public void TryDecode_RandomData_RoundTripsInPlace()
    {
        var random = new Random(1234);
        for (int round = 0; round < 2000; round++)
        {
            byte[] data = new byte[random.Next(0, 255)];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = random.Next(4) == 0 ? (byte)0 : (byte)random.Next(256);
            }

            byte[] buffer = new byte[300];
            int n = Cobs.Encode(data, buffer);
            Assert.IsFalse(buffer.AsSpan(0, n).Contains((byte)0));
            Assert.IsTrue(Cobs.TryDecode(buffer.AsSpan(0, n), buffer, out int written));
            CollectionAssert.AreEqual(data, buffer[..written]);
        }
    }

    [TestMethod]
    [DataRow(new byte[] { 0x05, 0x11, 0x22 })]
    [DataRow(new byte[] { 0x02, 0x11, 0x00, 0x01 })]
    public void TryDecode_InvalidCobs_Fails(byte[] encoded)
    {
        Assert.IsFalse(Cobs.TryDecode(encoded, new byte[16], out _));
    }

    [TestMethod]
    public void TryParse_BodyLongerThanLayout_IgnoresTrailingBytes()
    {
        byte[] raw = [0x84, 0x07, 0x00, 0xAA, 0xBB]; // ACK cmd=7 plus two bytes a later revision appended

        Assert.AreEqual(BridgeFrameError.None, BridgeFrameCodec.TryParse(raw, out BridgeFrame? frame));
        Assert.AreEqual(new AckFrame(7), frame);
    }

    [TestMethod]
    public void Encode_FieldBreakingALimit_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => BridgeFrameCodec.Encode(
            new ChannelFrame(0, FirmwareBridgeChannelKind.Analog, 2, 100, 0, 1, 0, "V", "x")));
        Assert.ThrowsExactly<ArgumentException>(() => BridgeFrameCodec.Encode(
            new ChannelFrame(0, FirmwareBridgeChannelKind.Analog, 2, 100, 0, 1, 1, "V", "a b")));
        Assert.ThrowsExactly<ArgumentException>(() => BridgeFrameCodec.Encode(
            new HelloAckFrame(1, 1, 33, 1, 1, 0, "m")));
        Assert.ThrowsExactly<ArgumentException>(() => BridgeFrameCodec.Encode(
            new ReadingFrame(0, 0, Enumerable.Range(0, 41).Select(i => new BridgeSample(0, BridgeSampleStatus.Ok, i)).ToArray())));
    }

    [TestMethod]
    public void Encode_LargestReading_FitsTheWireLimit()
    {
        var samples = Enumerable.Range(0, BridgeFrameCodec.MaxSamples)
            .Select(i => new BridgeSample((byte)(i % 32), BridgeSampleStatus.Ok, -1)).ToArray();

        byte[] wire = BridgeFrameCodec.Encode(new ReadingFrame(ushort.MaxValue, uint.MaxValue, samples));

        Assert.IsTrue(wire.Length <= BridgeFrameCodec.MaxWireLength);
        Assert.AreEqual((byte)0, wire[^1]);
    }

    [TestMethod]
    public void Push_OversizeRunThenFrame_CountsOnceAndResynchronises()
    {
        var reader = new BridgeFrameReader();
        var frames = new List<BridgeFrame>();
        var errors = new List<BridgeFrameError>();
        byte[] stream = [.. Enumerable.Repeat((byte)0x55, 1000), 0x00, .. BridgeFrameCodec.Encode(new AckFrame(3))];

        foreach (byte b in stream)
        {
            if (reader.Push(b, out BridgeFrame? frame, out BridgeFrameError error))
            {
                if (frame is not null)
                {
                    frames.Add(frame);
                }
                else
                {
                    errors.Add(error);
                }
            }
        }

        BridgeFrameError[] expected = [BridgeFrameError.Oversize];
        CollectionAssert.AreEqual(expected, errors);
        Assert.AreEqual(new AckFrame(3), frames.Single());
        Assert.AreEqual(1, reader.GetErrorCount(BridgeFrameError.Oversize));
        Assert.AreEqual(1, reader.Frames);
    }

    [TestMethod]
    public void ToPhysical_Scaling_FollowsDescriptor()
    {
        var supply = new FirmwareBridgeChannel(new ChannelFrame(0, FirmwareBridgeChannelKind.Analog, 2, 100, 0, 330, 409500, "V", "supply"));
        var temp = new FirmwareBridgeChannel(new ChannelFrame(1, FirmwareBridgeChannelKind.Analog, 1, 100, 2730, 1, 10, "°C", "t"));
        var energy = new FirmwareBridgeChannel(new ChannelFrame(2, FirmwareBridgeChannelKind.Counter, 0, 100, 0, 1000, 800, "Wh", "e"));

        Assert.AreEqual(3.3, supply.ToPhysical(4095), 1e-9);
        Assert.AreEqual(25.0, temp.ToPhysical(2980), 1e-9);
        Assert.AreEqual(1.25, energy.ToPhysical(1), 1e-9);
        Assert.AreEqual(4294967295 * 1.25, energy.ToPhysical(-1), 1e-3); // a count is u32
        Assert.AreEqual("°C", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(temp.Unit)));
    }
}
