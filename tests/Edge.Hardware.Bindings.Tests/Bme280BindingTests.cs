using System.Diagnostics;
using Edge.Hardware.I2c.Bme280;
using Edge.Hardware.Simulation;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;
using OurBme280 = Edge.Hardware.I2c.Bme280.Bme280;

namespace Edge.Hardware.Bindings.Tests;

/// <summary>
/// Iot.Device.Bindings' <c>Iot.Device.Bmxx80.Bme280</c> against ours on <see cref="SimulatedBme280"/> and the
/// BMP280 datasheet's worked example (BST-BMP280-DS001 §3.12; hardware/README.md, "Drivers: ours vs Iot.Device.Bindings").
/// </summary>
[TestClass]
public sealed class Bme280BindingTests
{
    [TestMethod]
    public void Read_DatasheetRegisters_GivesTheWorkedExampleLikeOurs()
    {
        using var device = new SimulatedBme280();
        using var theirs = new Iot.Device.Bmxx80.Bme280(new CountingI2cDevice(device));
        using var ours = new OurBme280(device, shouldDispose: false);

        Bme280ReadResult r = theirs.Read();
        Assert.IsTrue(ours.TryRead(out Bme280Reading o));

        // Their double formulas (datasheet §8.1) give 25.0825 °C and the example's 100653.27 Pa; our int32 / int64
        // formulas (§4.2.3) give 25.08 °C (0.01 °C steps) and 100653.254 Pa.
        Assert.AreEqual(25.0825, r.Temperature!.Value.DegreesCelsius, 0.0001);
        Assert.AreEqual(100653.27, r.Pressure!.Value.Pascals, 0.005);
        Assert.AreEqual(o.TemperatureCelsius, r.Temperature!.Value.DegreesCelsius, 0.005);
        Assert.AreEqual(o.PressurePascals, r.Pressure!.Value.Pascals, 0.03);
        Assert.AreEqual(o.HumidityPercent, r.Humidity!.Value.Percent, 0.01);
    }

    [TestMethod]
    [DataRow(-20.0, 80_000.0, 5.0)]
    [DataRow(18.4, 97_500.0, 63.2)]
    [DataRow(45.0, 110_000.0, 95.0)]
    public void Read_SamePhysicalValues_AgreesWithOursWithinResolution(double celsius, double pascals, double percent)
    {
        using var device = new SimulatedBme280();
        using var theirs = new Iot.Device.Bmxx80.Bme280(new CountingI2cDevice(device));
        using var ours = new OurBme280(device, shouldDispose: false);
        device.SetPhysical(celsius, pascals, percent);

        Bme280ReadResult r = theirs.Read();
        Assert.IsTrue(ours.TryRead(out Bme280Reading o));

        Assert.AreEqual(o.TemperatureCelsius, r.Temperature!.Value.DegreesCelsius, 0.01);
        Assert.AreEqual(o.PressurePascals, r.Pressure!.Value.Pascals, 0.5);
        Assert.AreEqual(o.HumidityPercent, r.Humidity!.Value.Percent, 0.02);
    }

    [TestMethod]
    public void Read_NegativeDigH4_ParsesItUnsignedAndDisagreesWithOurs()
    {
        // dig_H4 is a signed 12-bit value (§4.2.2 table 16: signed short, 0xE4 holds its top 8 bits). Their parser
        // reads 0xE4 unsigned, so a part whose dig_H4 is negative gets 4096 added to it.
        Bme280Calibration negativeH4 = SimulatedBme280.DatasheetCalibration with { H4 = -20 };
        using var device = new SimulatedBme280(calibration: negativeH4);
        using var theirs = new Iot.Device.Bmxx80.Bme280(new CountingI2cDevice(device));
        using var ours = new OurBme280(device, shouldDispose: false);
        device.SetPhysical(21.0, 100_000, 50.0);

        Bme280ReadResult r = theirs.Read();
        Assert.IsTrue(ours.TryRead(out Bme280Reading o));

        Assert.AreEqual(50.0, o.HumidityPercent, 0.02);
        Assert.AreEqual(0.0, r.Humidity!.Value.Percent); // dig_H4 read as 4076: clamped at 0 %RH
    }

    [TestMethod]
    public void Read_RegistersStillAtResetValues_ReturnsNumbersWhereOursReportsNoMeasurement()
    {
        // 0x80000 / 0x8000 are the data registers' reset values (§5.4.7–5.4.9): no measurement has been made.
        using var device = new SimulatedBme280();
        device.SetRaw(0x80000, 0x80000, 0x8000);
        using var theirs = new Iot.Device.Bmxx80.Bme280(new CountingI2cDevice(device));
        using var ours = new OurBme280(device, shouldDispose: false);

        Bme280ReadResult r = theirs.Read();

        Assert.IsFalse(ours.TryRead(out _));
        Assert.IsNotNull(r.Temperature);
        Assert.IsNotNull(r.Pressure);
        Assert.IsNotNull(r.Humidity);
    }

    [TestMethod]
    public void Read_OneReading_CostsMoreTransactionsAndAForcedModeSleep()
    {
        // Two devices: ours puts its chip in normal mode, which theirs would then find and not force.
        using var theirDevice = new SimulatedBme280();
        using var ourDevice = new SimulatedBme280();
        var theirBus = new CountingI2cDevice(theirDevice);
        var ourBus = new CountingI2cDevice(ourDevice);
        using var theirs = new Iot.Device.Bmxx80.Bme280(theirBus);
        using var ours = new OurBme280(ourBus);
        int theirsAfterOpen = theirBus.Transactions;
        int oursAfterOpen = ourBus.Transactions;

        var clock = Stopwatch.StartNew();
        _ = theirs.Read();
        TimeSpan theirTime = clock.Elapsed;
        clock.Restart();
        Assert.IsTrue(ours.TryRead(out _));
        TimeSpan ourTime = clock.Elapsed;

        // Theirs: power mode read, forced-mode write, a sleep of the measurement time (3 × 7 ms at ×1), then T, P and
        // H as three separate register reads (the datasheet's §4 asks for one burst read so that the three belong
        // to one measurement). Ours: one burst write-read; the sensor runs in normal mode.
        Assert.AreEqual(1, ourBus.Transactions - oursAfterOpen);
        Assert.AreEqual(11, theirBus.Transactions - theirsAfterOpen);
        Assert.IsTrue(theirTime >= TimeSpan.FromMilliseconds(21), $"theirs took {theirTime.TotalMilliseconds} ms");
        Assert.IsTrue(ourTime < theirTime);
        Assert.AreEqual(6, oursAfterOpen);   // chip id, two calibration blocks, three control writes
        Assert.AreEqual(61, theirsAfterOpen); // calibration one register at a time, read-modify-write settings
    }

    [TestMethod]
    public void Sampling_Options_AreWrittenToTheControlRegisters()
    {
        // What theirs offers and ours does not: oversampling, IIR filter and standby time as settings.
        using var device = new SimulatedBme280();
        using var theirs = new Iot.Device.Bmxx80.Bme280(new CountingI2cDevice(device));

        theirs.TemperatureSampling = Sampling.HighResolution;
        theirs.PressureSampling = Sampling.UltraHighResolution;
        theirs.HumiditySampling = Sampling.Standard;
        theirs.FilterMode = Iot.Device.Bmxx80.FilteringMode.Bmx280FilteringMode.X16;
        theirs.StandbyTime = StandbyTime.Ms1000;

        Assert.AreEqual(0b100_101_00, device.Registers[0xF4] & 0b111_111_00); // osrs_t, osrs_p
        Assert.AreEqual(0b011, device.Registers[0xF2] & 0b111);               // osrs_h
        Assert.AreEqual(0b101_100_00, device.Registers[0xF5] & 0b111_111_00); // t_sb 1000 ms, filter 16
    }

    [TestMethod]
    public void Read_DeviceDisconnected_ThrowsIOExceptionLikeOurs()
    {
        using var device = new SimulatedBme280();
        using var theirs = new Iot.Device.Bmxx80.Bme280(new CountingI2cDevice(device));
        using var ours = new OurBme280(device, shouldDispose: false);
        device.Disconnected = true;

        Assert.ThrowsExactly<IOException>(() => theirs.Read());
        Assert.ThrowsExactly<IOException>(() => ours.TryRead(out _));
    }
}
