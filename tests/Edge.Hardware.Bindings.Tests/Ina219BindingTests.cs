using Edge.Hardware.I2c.Ina219;
using Edge.Hardware.Simulation;
using OurIna219 = Edge.Hardware.I2c.Ina219.Ina219;
using TheirIna219 = Iot.Device.Adc.Ina219;

namespace Edge.Hardware.Bindings.Tests;

/// <summary>
/// Iot.Device.Bindings' <c>Iot.Device.Adc.Ina219</c> against ours on <see cref="SimulatedIna219"/> (SBOS448 §8.5.1
/// calibration; hardware/README.md, "Drivers: ours vs Iot.Device.Bindings").
/// </summary>
[TestClass]
public sealed class Ina219BindingTests
{
    [TestMethod]
    public void Read_12VAnd40mVShunt_WithOurCalibration_Gives0A4And4W8LikeOurs()
    {
        using var device = new SimulatedIna219();
        using var ours = new OurIna219(device, 0.1, 3.2, shouldDispose: false);
        using var theirs = new TheirIna219(new CountingI2cDevice(device));
        device.SetVoltages(busVolts: 12.0, shuntVolts: 0.040);

        // Theirs does not derive the calibration from the shunt and the expected current: the caller computes
        // Cal and Current_LSB (§8.5.1 equation 1) and passes them; Current_LSB is a float.
        theirs.SetCalibration(ours.CalibrationValue, (float)ours.CurrentLsb);
        Assert.IsTrue(ours.TryRead(out Ina219Reading o));

        Assert.AreEqual(o.BusVolts, theirs.ReadBusVoltage().Volts, 1e-9);
        Assert.AreEqual(o.ShuntVolts, theirs.ReadShuntVoltage().Volts, 1e-9);
        Assert.AreEqual(o.CurrentAmperes, theirs.ReadCurrent().Amperes, 1e-7);
        Assert.AreEqual(o.PowerWatts, (double)theirs.ReadPower().Watts, 1e-6);
        Assert.AreEqual(4096, device.Registers[5]);
    }

    [TestMethod]
    [DataRow(16.38, 16.38)]
    [DataRow(24.0, -8.768)]
    [DataRow(30.0, -2.768)]
    public void ReadBusVoltage_Above16V_TheirsGoesNegative(double busVolts, double theirVolts)
    {
        // The bus voltage register is unsigned (§8.6.3.2: BD12..BD0 in bits 15..3, up to 32 V). Theirs casts it to
        // short before the shift, so every bus voltage above 16.38 V (code 4096 << 3 = 0x8000) reads 32.768 V low.
        using var device = new SimulatedIna219();
        using var ours = new OurIna219(device, 0.1, 3.2, shouldDispose: false);
        using var theirs = new TheirIna219(new CountingI2cDevice(device));
        device.SetVoltages(busVolts, 0.010);

        Assert.IsTrue(ours.TryRead(out Ina219Reading o));

        Assert.AreEqual(busVolts, o.BusVolts, 1e-9);
        Assert.AreEqual(theirVolts, theirs.ReadBusVoltage().Volts, 1e-9);
    }

    [TestMethod]
    public void Read_MathOverflowFlag_TheirsReturnsValuesOursRefuses()
    {
        // OVF (bus voltage register bit 0): the current and power are meaningless (§8.6.3.2).
        using var device = new SimulatedIna219();
        using var ours = new OurIna219(device, 0.1, 3.2, shouldDispose: false);
        using var theirs = new TheirIna219(new CountingI2cDevice(device));
        theirs.SetCalibration(ours.CalibrationValue, (float)ours.CurrentLsb);
        device.SetVoltages(12.0, 0.040);
        device.Registers[2] |= 0x0001;

        Assert.IsFalse(ours.TryRead(out _));
        Assert.AreEqual(0.4, theirs.ReadCurrent().Amperes, 1e-6);
    }

    [TestMethod]
    public void Read_OneReading_RewritesTheCalibrationTwice()
    {
        using var device = new SimulatedIna219();
        var theirBus = new CountingI2cDevice(device);
        var ourBus = new CountingI2cDevice(device);
        using var ours = new OurIna219(ourBus, 0.1, 3.2, shouldDispose: false);
        using var theirs = new TheirIna219(theirBus);
        theirs.SetCalibration(ours.CalibrationValue, (float)ours.CurrentLsb);
        device.SetVoltages(12.0, 0.040);
        int theirsBefore = theirBus.Transactions;
        int oursBefore = ourBus.Transactions;

        _ = theirs.ReadBusVoltage();
        _ = theirs.ReadShuntVoltage();
        _ = theirs.ReadCurrent();
        _ = theirs.ReadPower();
        Assert.IsTrue(ours.TryRead(out _));

        // Ours: four write-reads. Theirs: a write and a read per register (with a conversion-time busy wait
        // between them) plus a calibration write before current and before power.
        Assert.AreEqual(4, ourBus.Transactions - oursBefore);
        Assert.AreEqual(10, theirBus.Transactions - theirsBefore);
    }
}
