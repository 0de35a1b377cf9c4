using Edge.Hardware.I2c.Ina219;
using Edge.Hardware.Simulation;

namespace Edge.Hardware.Tests.I2c;

[TestClass]
public sealed class Ina219Tests
{
    [TestMethod]
    public void Constructor_01OhmShunt3A2_WritesCalibration4096()
    {
        using var device = new SimulatedIna219();

        using var ina = new Ina219(device, shuntOhms: 0.1, maxExpectedAmperes: 3.2, shouldDispose: false);

        // Current_LSB = 3.2 A / 2^15 = 97.7 µA, rounded up to 100 µA; Cal = trunc(0.04096 / (100e-6 × 0.1)) = 4096.
        Assert.AreEqual(100e-6, ina.CurrentLsb, 1e-15);
        Assert.AreEqual(4096, ina.CalibrationValue);
        Assert.AreEqual(2e-3, ina.PowerLsb, 1e-15);
        Assert.AreEqual(4096, device.Registers[5]);
    }

    [TestMethod]
    public void TryRead_12VAnd40mVShunt_Gives0A4And4W8()
    {
        using var device = new SimulatedIna219();
        using var ina = new Ina219(device, 0.1, 3.2, shouldDispose: false);
        device.SetVoltages(busVolts: 12.0, shuntVolts: 0.040);

        Assert.IsTrue(ina.TryRead(out Ina219Reading r));

        // Shunt register 4000 (10 µV), current = 4000 × 4096 / 4096 = 4000 (100 µA) = 0.4 A,
        // power = 4000 × 3000 / 5000 = 2400 (2 mW) = 4.8 W = 12 V × 0.4 A.
        Assert.AreEqual(12.0, r.BusVolts, 1e-9);
        Assert.AreEqual(0.040, r.ShuntVolts, 1e-9);
        Assert.AreEqual(0.4, r.CurrentAmperes, 1e-9);
        Assert.AreEqual(4.8, r.PowerWatts, 1e-9);
    }

    [TestMethod]
    public void TryRead_NegativeShunt_GivesNegativeCurrent()
    {
        using var device = new SimulatedIna219();
        using var ina = new Ina219(device, 0.1, 3.2, shouldDispose: false);
        device.SetVoltages(4.0, -0.0125);

        Assert.IsTrue(ina.TryRead(out Ina219Reading r));

        Assert.AreEqual(-0.125, r.CurrentAmperes, 1e-9);
        Assert.AreEqual(0.5, r.PowerWatts, 1e-9); // 1250 × 1000 / 5000 = 250 × 2 mW
    }

    [TestMethod]
    public void TryRead_MathOverflowFlag_ReturnsFalse()
    {
        using var device = new SimulatedIna219();
        using var ina = new Ina219(device, shouldDispose: false);
        device.Registers[2] = 0x0001;

        Assert.IsFalse(ina.TryRead(out _));
    }
}
