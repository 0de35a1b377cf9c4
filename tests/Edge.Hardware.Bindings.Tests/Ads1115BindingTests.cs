using Edge.Hardware.I2c.Ads1115;
using Edge.Hardware.Simulation;
using Iot.Device.Ads1115;
using OurAds1115 = Edge.Hardware.I2c.Ads1115.Ads1115;
using TheirAds1115 = Iot.Device.Ads1115.Ads1115;

namespace Edge.Hardware.Bindings.Tests;

/// <summary>
/// Iot.Device.Bindings' <c>Iot.Device.Ads1115.Ads1115</c> against ours on <see cref="SimulatedAds1115"/> (SBAS444
/// table 3 full-scale ranges; hardware/README.md, "Drivers: ours vs Iot.Device.Bindings").
/// </summary>
[TestClass]
public sealed class Ads1115BindingTests
{
    [TestMethod]
    [DataRow(Ads1115Gain.FullScale6144mV, MeasuringRange.FS6144)]
    [DataRow(Ads1115Gain.FullScale4096mV, MeasuringRange.FS4096)]
    [DataRow(Ads1115Gain.FullScale2048mV, MeasuringRange.FS2048)]
    [DataRow(Ads1115Gain.FullScale1024mV, MeasuringRange.FS1024)]
    [DataRow(Ads1115Gain.FullScale512mV, MeasuringRange.FS0512)]
    [DataRow(Ads1115Gain.FullScale256mV, MeasuringRange.FS0256)]
    public void ReadVoltage_EveryGainAndChannel_SameAsOurs(Ads1115Gain gain, MeasuringRange range)
    {
        using var device = new SimulatedAds1115();
        using var ours = new OurAds1115(device, gain, Ads1115DataRate.Sps860, shouldDispose: false);
        var theirs = new TheirAds1115(new CountingI2cDevice(device), InputMultiplexer.AIN0, range, DataRate.SPS860,
            DeviceMode.PowerDown);
        double fullScale = OurAds1115.FullScale(gain);
        double[] inputs = [0.1 * fullScale, 0.5 * fullScale, -0.25 * fullScale, 1.5 * fullScale];
        for (int i = 0; i < 4; i++)
        {
            device.SetInput(i, inputs[i]);
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.IsTrue(ours.TryReadVoltage(i, out double o));
            double t = theirs.ReadVoltage(InputMultiplexer.AIN0 + i).Volts;
            Assert.AreEqual(o, t, 1e-12, $"AIN{i} at {gain}");
        }

        Assert.AreEqual(fullScale / 32768, theirs.RawToVoltage(1).Volts, 1e-15);
    }

    [TestMethod]
    public void Dispose_DeviceDisconnected_TheirsThrowsAfterRetries()
    {
        // Theirs writes the configuration and thresholds back in Dispose, retrying with 100 ms sleeps; a device that
        // has gone makes Dispose throw. Ours does not touch the bus in Dispose (a failed read drops the driver).
        using var device = new SimulatedAds1115();
        var theirs = new TheirAds1115(new CountingI2cDevice(device), InputMultiplexer.AIN0, MeasuringRange.FS4096,
            DataRate.SPS128, DeviceMode.PowerDown);
        var ours = new OurAds1115(device, shouldDispose: false);
        device.Disconnected = true;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsExactly<IOException>(theirs.Dispose);
        Assert.IsTrue(clock.ElapsedMilliseconds >= 300, $"{clock.ElapsedMilliseconds} ms");
        ours.Dispose();
    }

    [TestMethod]
    public void Constructor_DefaultMode_IsContinuousAndWritesTheBusFourTimes()
    {
        // Theirs starts in continuous mode (the chip converts all the time, ~150 µA instead of ~0.5 µA between
        // single shots, SBAS444 §9.4.2) and opens with several config and threshold writes; ours writes nothing
        // until a reading and runs single-shot.
        using var device = new SimulatedAds1115();
        var bus = new CountingI2cDevice(device);

        using var theirs = new TheirAds1115(bus);

        Assert.AreEqual(DeviceMode.Continuous, theirs.DeviceMode);
        Assert.AreEqual(0, device.Registers[1] & 0x0100); // MODE bit 8 = 0: continuous
        Assert.IsTrue(device.Conversions >= 4, $"{device.Conversions} conversions on open");
    }
}
