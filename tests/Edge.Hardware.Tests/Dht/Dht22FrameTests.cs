using Edge.Hardware.Dht;
using Edge.Hardware.Simulation;
using Edge.Things;

namespace Edge.Hardware.Tests.Dht;

[TestClass]
public sealed class Dht22FrameTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TryDecode_DatasheetExample_Gives65Point2And35Point1()
    {
        // AM2302 datasheet example: 0000 0010 1000 1100 0000 0001 0101 1111 1110 1110.
        Assert.IsTrue(Dht22Frame.TryDecode([0x02, 0x8C, 0x01, 0x5F, 0xEE], out Dht22Reading r, out _));

        Assert.AreEqual(65.2, r.HumidityPercent, 1e-9);
        Assert.AreEqual(35.1, r.TemperatureCelsius, 1e-9);
    }

    [TestMethod]
    public void TryDecode_SignBit_GivesNegativeTemperature()
    {
        // Temperature bytes 1000 0000 0110 0101: -10.1 °C (datasheet).
        byte[] frame = [0x02, 0x8C, 0x80, 0x65, 0];
        frame[4] = (byte)(frame[0] + frame[1] + frame[2] + frame[3]);

        Assert.IsTrue(Dht22Frame.TryDecode(frame, out Dht22Reading r, out _));

        Assert.AreEqual(-10.1, r.TemperatureCelsius, 1e-9);
    }

    [TestMethod]
    public void TryDecode_BadChecksum_IsRefusedNamingBoth()
    {
        Assert.IsFalse(Dht22Frame.TryDecode([0x02, 0x8C, 0x01, 0x5F, 0xEF], out _, out string? error));

        Assert.AreEqual("checksum 0xEF does not match the sum 0xEE", error);
    }

    [TestMethod]
    public void TryDecode_PulseWidthsOfExample_DecodesSameFrame()
    {
        TimeSpan[] widths = Dht22Frame.ToPulseWidths([0x02, 0x8C, 0x01, 0x5F, 0xEE]);

        Assert.IsTrue(Dht22Frame.TryDecode(widths, out Dht22Reading r, out _));

        Assert.AreEqual(new Dht22Reading(65.2, 35.1), r);
    }

    [TestMethod]
    public void TryDecode_MissedEdge39Pulses_IsRefused()
    {
        TimeSpan[] widths = Dht22Frame.ToPulseWidths([0x02, 0x8C, 0x01, 0x5F, 0xEE]);

        Assert.IsFalse(Dht22Frame.TryDecode(widths.AsSpan(1), out _, out string? error));

        Assert.AreEqual("expected 40 bit pulses, captured 39", error);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadAsync_CorruptCapture_MissingThenRecovers()
    {
        var source = new SimulatedDht22(_ => new Dht22Reading(40.5, 22.3)) { CorruptNext = true };
        await using var sensor = new Dht22Sensor(new ThingReference("room"), source);
        CancellationToken ct = TestContext.CancellationTokenSource.Token;

        IReadOnlyList<Field> bad = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, ct);
        IReadOnlyList<Field> good = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, ct);

        Assert.IsTrue(bad.All(f => f.QoS.HasFlag(FieldQoS.Missing)));
        Assert.AreEqual(22.3, ((NumericValue)good[0].Value).Value, 1e-9);
        Assert.AreEqual(40.5, ((NumericValue)good[1].Value).Value, 1e-9);
    }
}
