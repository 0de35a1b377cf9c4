using Edge.Hardware.Modbus;
using Edge.Hardware.Profiles;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Profiles;

/// <summary>The sim profile's grid meter answers the loads: the closed loop of demand response is tested against it.</summary>
[TestClass]
public sealed class GridMeterSimulationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task SimGridMeter_RelaysOn_ImportRisesByTheirNominalPowerAndEnergyIntegratesIt()
    {
        string data = Path.Combine(Path.GetTempPath(), $"edge-grid-{Guid.NewGuid():N}");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        CancellationToken ct = TestContext.CancellationTokenSource.Token;
        try
        {
            HardwareProfile profile = HardwareProfile.Load(Path.Combine(HardwareProfileTests.ProfilesDirectory, "sim.json"));
            Assert.AreEqual(new GridMeterSpec("grid-meter", "Total power", "Import active energy"), profile.GridMeter);
            await using HardwareSet set = HardwareFactory.Create(profile, new HardwareFactoryOptions { TimeProvider = clock, DataDirectory = data });
            var meter = (ModbusMeter)set.Sensors.Single(s => s.Node.NodeId == "grid-meter");

            (double off, double kwh0) = await ReadAsync(meter, clock, ct);
            clock.Advance(TimeSpan.FromMinutes(6)); // past the relays' minimum off-time (300 s)
            Assert.IsTrue(set.FindRelay("heater")!.TrySwitch(true).Succeeded);
            Assert.IsTrue(set.FindRelay("ev-charger-enable")!.TrySwitch(true).Succeeded);
            (double on, double kwh1) = await ReadAsync(meter, clock, ct);
            clock.Advance(TimeSpan.FromHours(1));
            (double later, double kwh2) = await ReadAsync(meter, clock, ct);

            Assert.IsTrue(off is > 700 and < 2600, $"base load {off} W");
            // The base load drifts (1.6 ± 0.8 kW over 5 min), so the step is 9.4 kW within that drift.
            Assert.AreEqual(9400, on - off, 1700, $"{off} W → {on} W: the 2 kW heater and the 7.4 kW charger");
            Assert.IsTrue(on > 9400, $"{on} W");
            Assert.IsTrue(later > 9400, $"{later} W an hour later, both still on");
            Assert.IsTrue(kwh1 > kwh0, "the counter runs");
            Assert.AreEqual(1.6 + 9.4, kwh2 - kwh1, 1.0, $"about 11 kWh in an hour with both loads on ({kwh1} → {kwh2})");
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<(double Watts, double Kwh)> ReadAsync(ModbusMeter meter, FakeTimeProvider clock, CancellationToken ct)
    {
        IReadOnlyList<Field> fields = await meter.ReadAsync(clock.GetUtcNow(), ct);
        double Value(string name) => ((NumericValue)fields.Single(f => f.Name == name).Value).Value;
        return (Value("Total power"), Value("Import active energy"));
    }
}
