using Edge.Hardware.Diagnostics;
using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.Gpio;
using Edge.Hardware.Profiles;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.Profiles;

[TestClass]
public sealed class HardwareFactoryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task Create_SimProfile_EverySensorReadsAndChangesOverTime()
    {
        string data = Path.Combine(Path.GetTempPath(), $"edge-sim-{Guid.NewGuid():N}");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        CancellationToken ct = TestContext.CancellationTokenSource.Token;
        try
        {
            HardwareProfile profile = HardwareProfile.Load(Path.Combine(HardwareProfileTests.ProfilesDirectory, "sim.json"));
            await using HardwareSet set = HardwareFactory.Create(profile, new HardwareFactoryOptions
            {
                TimeProvider = clock,
                DataDirectory = data,
            });

            // Every entry is a sensor; firmwareBridge defaults to the lazily opened serial sensor. Whether its port
            // (/tmp/edge-vmcu/agent, the demo's virtual MCU) is there depends on the machine, so it is left out below.
            Assert.AreEqual(profile.Sensors.Count, set.Sensors.Count);
            var mcu = (FirmwareBridgeSensor)set.Sensors.Single(s => s.Node.NodeId == "mcu");
            Assert.AreEqual("/tmp/edge-vmcu/agent", mcu.PortName);
            Dictionary<string, IReadOnlyList<Field>> first = await ReadAll(set, clock, ct);
            first.Remove("mcu");
            for (int i = 0; i < 90 * 100; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(10));
            }

            Dictionary<string, IReadOnlyList<Field>> later = await ReadAll(set, clock, ct);
            later.Remove("mcu");

            foreach ((string node, IReadOnlyList<Field> fields) in later)
            {
                Assert.IsTrue(fields.All(f => f.QoS == FieldQoS.AutomaticReadout), $"{node}: {string.Join(", ", fields.Select(f => $"{f.Name}={f.QoS}"))}");
                bool changed = fields.Zip(first[node]).Any(p => p.First.Value != p.Second.Value);
                Assert.IsTrue(changed, $"{node} did not change in 90 s");
            }

            var s0 = (S0PulseCounter)set.Sensors.Single(s => s.Node.NodeId == "heat-pump-s0");
            Assert.IsTrue(s0.Pulses is > 20 and < 70, $"{s0.Pulses} pulses in 90 s at 0.7–2.3 kW");
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Create_SimProfileOfPolledSensors_ArmsNoTimerAndComputesEachReadAtItsTime()
    {
        // Polled twins (1-Wire, I2C, Modbus) cost what a kernel read costs: nothing runs between reads, and a read
        // sees the signal of the moment it is made.
        string data = Path.Combine(Path.GetTempPath(), $"edge-sim-{Guid.NewGuid():N}");
        var clock = new TimerCountingClock(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        CancellationToken ct = TestContext.CancellationTokenSource.Token;
        try
        {
            HardwareProfile profile = HardwareProfile.Parse("""
                { "name": "polled", "simulated": true,
                  "sensors": [
                    { "id": "cabinet", "kind": "ds18b20", "device": "28-00000a1b2c3d" },
                    { "id": "climate", "kind": "bme280", "address": "0x76" } ] }
                """, "polled.json", HardwareProfileTests.ProfilesDirectory);
            await using HardwareSet set = HardwareFactory.Create(profile, new HardwareFactoryOptions { TimeProvider = clock, DataDirectory = data });
            ISensor cabinet = set.Sensors.Single(s => s.Node.NodeId == "cabinet");
            double first = ((NumericValue)(await cabinet.ReadAsync(clock.GetUtcNow(), ct))[0].Value).Value;

            clock.Advance(TimeSpan.FromSeconds(100)); // a quarter of the cabinet's 400 s period: ~2 °C

            double later = ((NumericValue)(await cabinet.ReadAsync(clock.GetUtcNow(), ct))[0].Value).Value;
            Assert.AreEqual(0, clock.TimersCreated, "no timer for a world that only changes when it is read");
            Assert.IsGreaterThan(1.0, Math.Abs(later - first), $"{first} °C then {later} °C");
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task DisposeAsync_SimProfile_RelaysBackToFailSafe()
    {
        string data = Path.Combine(Path.GetTempPath(), $"edge-sim-{Guid.NewGuid():N}");
        var clock = new FakeTimeProvider();
        try
        {
            HardwareProfile profile = HardwareProfile.Load(Path.Combine(HardwareProfileTests.ProfilesDirectory, "sim.json"));
            HardwareSet set = HardwareFactory.Create(profile, new HardwareFactoryOptions { TimeProvider = clock, DataDirectory = data });
            Relay heater = set.FindRelay("heater")!;
            clock.Advance(TimeSpan.FromMinutes(2));
            Assert.AreEqual(RelaySwitchOutcome.Switched, heater.TrySwitch(true).Outcome);

            await set.DisposeAsync();
            await set.DisposeAsync();

            Assert.IsFalse(heater.IsOn);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task RunAsync_OneCycle_PrintsEveryNodeAndField()
    {
        string data = Path.Combine(Path.GetTempPath(), $"edge-sim-{Guid.NewGuid():N}");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        try
        {
            HardwareProfile profile = HardwareProfile.Load(Path.Combine(HardwareProfileTests.ProfilesDirectory, "sim.json"));
            await using HardwareSet set = HardwareFactory.Create(profile, new HardwareFactoryOptions { TimeProvider = clock, DataDirectory = data });
            using var output = new StringWriter();

            await LiveTable.RunAsync(set, output, TimeSpan.FromSeconds(1), 1, redrawInPlace: false, clock,
                TestContext.CancellationTokenSource.Token);

            string table = output.ToString();
            StringAssert.StartsWith(table, "profile sim — cycle 1 — 2026-06-01 12:00:00Z");
            foreach (string node in new[] { "climate", "dc-supply", "analog", "cabinet", "room", "heat-pump-s0", "door", "grid-meter", "pv-meter", "heater" })
            {
                StringAssert.Contains(table, node);
            }

            StringAssert.Contains(table, "Pressure");
            StringAssert.Contains(table, "hPa");
            // The firmware bridge (mcu) reads only when the demo's virtual MCU is on /tmp/edge-vmcu/agent.
            StringAssert.Contains(table, "mcu");
            Assert.IsFalse(table.Split('\n').Any(line => !line.StartsWith("mcu ", StringComparison.Ordinal)
                && line.Contains("ERROR", StringComparison.Ordinal)), table);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<Dictionary<string, IReadOnlyList<Field>>> ReadAll(HardwareSet set, TimeProvider clock,
        CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<Field>>();
        foreach (ISensor sensor in set.Sensors)
        {
            result[sensor.Node.NodeId] = await sensor.ReadAsync(clock.GetUtcNow(), ct);
        }

        return result;
    }

    /// <summary>A fake clock that counts the timers created on it.</summary>
    private sealed class TimerCountingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public int TimersCreated { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
