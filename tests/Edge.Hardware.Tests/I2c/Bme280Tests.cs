using Edge.Hardware.I2c.Bme280;
using Edge.Hardware.Simulation;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.I2c;

[TestClass]
public sealed class Bme280Tests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void CompensateTemperature_DatasheetExample_Gives2508AndTFine128422()
    {
        int t = Bme280Compensation.CompensateTemperature(SimulatedBme280.DatasheetCalibration,
            SimulatedBme280.DatasheetAdcT, out int tFine);

        Assert.AreEqual(128422, tFine);
        Assert.AreEqual(2508, t);
    }

    [TestMethod]
    public void CompensatePressure_DatasheetExample_Gives100653Pa()
    {
        uint p = Bme280Compensation.CompensatePressure(SimulatedBme280.DatasheetCalibration,
            SimulatedBme280.DatasheetAdcP, 128422);

        // The worked example gives 100653.27 Pa (floating-point formula); the int64 formula gives 25767233/256 =
        // 100653.254 Pa, within 0.02 Pa of it.
        Assert.AreEqual(100653.27, p / 256.0, 0.02);
    }

    [TestMethod]
    public void CompensateHumidity_Int32Formula_AgreesWithDoubleFormula()
    {
        // The datasheet has no humidity worked example: cross-check §4.2.3 (int32) against §8.1 (double),
        // whose result for these values is 20.7482 %RH.
        uint h = Bme280Compensation.CompensateHumidity(SimulatedBme280.DatasheetCalibration, 0x6000, 128422);

        Assert.AreEqual(20.7482, h / 1024.0, 0.01);
    }

    [TestMethod]
    public void Calibration_WriteThenParse_RoundTripsIncludingSharedH4H5Nibbles()
    {
        var c = new Bme280Calibration(1, -2, 3, 4, -5, 6, 7, 8, -9, 10, -11, 12, 13, -14, 15, -300, 2047, -16);
        var a = new byte[26];
        var b = new byte[7];

        c.Write(a, b);

        Assert.AreEqual(c, Bme280Calibration.Parse(a, b));
    }

    [TestMethod]
    public void TryRead_SimulatedDatasheetRegisters_GivesDatasheetValues()
    {
        using var device = new SimulatedBme280();
        using var bme = new Bme280(device, shouldDispose: false);

        Assert.IsTrue(bme.TryRead(out Bme280Reading r));

        Assert.AreEqual(25.08, r.TemperatureCelsius, 1e-9);
        Assert.AreEqual(100653.27, r.PressurePascals, 0.02);
        Assert.AreEqual(20.75, r.HumidityPercent, 0.01);
        Assert.AreEqual(SimulatedBme280.DatasheetCalibration, bme.Calibration);
        Assert.AreEqual(0b001_001_11, device.Registers[0xF4]); // normal mode, ×1 oversampling
    }

    [TestMethod]
    public void Constructor_WrongChipId_ThrowsIOException()
    {
        using var device = new SimulatedBme280();
        device.Registers[0xD0] = 0x58; // a BMP280

        Assert.ThrowsExactly<IOException>(() => new Bme280(device, shouldDispose: false));
    }

    [TestMethod]
    public void SetPhysical_ThenTryRead_ReturnsTheValuesWithinResolution()
    {
        using var device = new SimulatedBme280();
        using var bme = new Bme280(device, shouldDispose: false);

        device.SetPhysical(18.4, 97_500, 63.2);

        Assert.IsTrue(bme.TryRead(out Bme280Reading r));
        Assert.AreEqual(18.4, r.TemperatureCelsius, 0.011);
        Assert.AreEqual(97_500, r.PressurePascals, 0.5);
        Assert.AreEqual(63.2, r.HumidityPercent, 0.05);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadAsync_DeviceDisconnectsThenReturns_MissingThenRecovers()
    {
        var clock = new FakeTimeProvider();
        var device = new SimulatedBme280(timeProvider: clock);
        await using var sensor = new Bme280Sensor(new ThingReference("climate"), () => new Bme280(device, false));
        CancellationToken ct = TestContext.CancellationTokenSource.Token;

        IReadOnlyList<Field> ok = await sensor.ReadAsync(clock.GetUtcNow(), ct);
        device.Disconnected = true;
        IReadOnlyList<Field> failed = await sensor.ReadAsync(clock.GetUtcNow(), ct);
        device.Disconnected = false;
        IReadOnlyList<Field> back = await sensor.ReadAsync(clock.GetUtcNow(), ct);

        Assert.AreEqual(1006.53, ((NumericValue)ok.Single(f => f.Name == "Pressure").Value).Value, 0.01);
        Assert.AreEqual(3, failed.Count);
        Assert.IsTrue(failed.All(f => f.QoS == (FieldQoS.Missing | FieldQoS.Error)));
        Assert.IsNull(sensor.LastFailure);
        Assert.IsTrue(back.All(f => f.QoS == FieldQoS.AutomaticReadout));
        device.Dispose();
    }
}
