using Edge.Agent.DemandResponse;
using Edge.Agent.Iot;
using Edge.Hardware;
using Edge.Hardware.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.DemandResponse;

/// <summary>How the demand-response service reads the grid meter beside the sampler (one Modbus bus, shared).</summary>
[TestClass]
public sealed class GridMeterReadTests
{
    private const string Profile = """
        {
          "name": "grid", "simulated": true,
          "serialBuses": [ { "id": "rs485", "port": "/dev/null", "baud": 9600 } ],
          "sensors": [ { "id": "grid-meter", "kind": "modbus", "bus": "rs485", "unit": 1, "meter": "grid-map.json" } ],
          "gridMeter": { "sensor": "grid-meter", "importPowerField": "Total power" }
        }
        """;

    private const string MeterMap = """
        { "name": "grid-map", "registers": [ { "name": "Total power", "address": 0, "unit": "W" } ] }
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(20_000)]
    public async Task Service_SamplerReadTheMeterWithinTheInterval_TakesThatReadInsteadOfDrivingTheBus()
    {
        string directory = Path.Combine(TestContext.TestRunDirectory!, "grid-" + TestContext.TestName);
        _ = Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "grid-map.json"), MeterMap);
        var options = new DemandResponseOptions { MeterInterval = TimeSpan.FromSeconds(1) };
        await using HardwareSet hardware = HardwareFactory.Create(HardwareProfile.Parse(Profile, "grid.json", directory),
            new HardwareFactoryOptions { TimeProvider = _clock, DataDirectory = directory });
        var settings = new DeviceSettings(directory, TimeSpan.FromSeconds(5), NullLogger.Instance);
        var engine = new DemandResponseEngine(ManagedLoad.From(hardware), settings, options,
            Path.Combine(directory, "demand-response.json"), _clock, NullLogger.Instance, new Random(7));
        var reader = new SensorReader(_clock);
        ISensor meter = hardware.Sensors.Single();

        // The sampler reads the meter; 0.75 s later (within one meter interval) the service starts and wants a value.
        _ = await reader.ReadAsync(meter, TimeSpan.Zero, TestContext.CancellationToken);
        DateTimeOffset sampled = reader.Last(meter)!.ReadAt;
        _clock.Advance(TimeSpan.FromMilliseconds(750));
        using var service = new DemandResponseService(engine, settings, hardware, reader, options, _clock,
            NullLogger<DemandResponseService>.Instance);
        await service.StartAsync(TestContext.CancellationToken);
        try
        {
            while (engine.Status.ImportWatts is null)
            {
                await Task.Delay(10, TestContext.CancellationToken);
            }

            // A value at most one interval old is what reading every interval gives: the bus is not driven again.
            DateTimeOffset readAt = reader.Last(meter)!.ReadAt;
            Assert.AreEqual(sampled, readAt, $"the meter was read again at {readAt:O} (the sampler's read: {sampled:O})");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
    [TestMethod]
    [Timeout(20_000)]
    public async Task Service_SamplerSamplesEveryInterval_TakesItsReadsAndNeverDrivesTheBusItself()
    {
        await using var rig = await Rig.StartAsync(this, sampleInterval: TimeSpan.FromSeconds(1));
        try
        {
            // No timer of the service's own: however far the clock goes, it leaves the bus to the sampler.
            for (int i = 0; i < 5; i++)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(20, TestContext.CancellationToken);
            }

            Assert.IsNull(rig.Reader.Last(rig.Meter), "the service read the meter on its own while the sampler samples every second");
            Assert.IsNull(rig.Engine.Status.ImportWatts);

            // The sampler's read reaches the engine as it completes.
            _ = await rig.Reader.ReadAsync(rig.Meter, TimeSpan.Zero, TestContext.CancellationToken);
            while (rig.Engine.Status.ImportWatts is null)
            {
                await Task.Delay(10, TestContext.CancellationToken);
            }
        }
        finally
        {
            await rig.Service.StopAsync(CancellationToken.None);
        }
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Service_SamplingSlowedBelowTheMeterInterval_ReadsTheMeterOnItsOwnTimer()
    {
        await using var rig = await Rig.StartAsync(this, sampleInterval: TimeSpan.FromSeconds(1));
        try
        {
            Assert.IsTrue(rig.Settings.TrySet(rig.Settings.SampleInterval, TimeSpan.FromSeconds(10)).IsValid);

            // Sampling every 10 s no longer reads the meter every second: the service does, each interval.
            DateTimeOffset? last = null;
            for (int i = 0; i < 3; i++)
            {
                while (rig.Reader.Last(rig.Meter)?.ReadAt is not { } readAt || readAt == last)
                {
                    await Task.Delay(10, TestContext.CancellationToken);
                }

                last = rig.Reader.Last(rig.Meter)!.ReadAt;
                Assert.AreEqual(_clock.GetUtcNow(), last);
                _clock.Advance(TimeSpan.FromSeconds(1.1)); // past the interval: a read 1.1 s old is not taken again
            }

            Assert.IsNotNull(rig.Engine.Status.ImportWatts);
        }
        finally
        {
            await rig.Service.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The service on the simulated grid meter, started, with its own sensor reader.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private Rig(HardwareSet hardware, DeviceSettings settings, DemandResponseEngine engine, SensorReader reader, DemandResponseService service)
        {
            Hardware = hardware;
            Settings = settings;
            Engine = engine;
            Reader = reader;
            Service = service;
            Meter = hardware.Sensors.Single();
        }

        public HardwareSet Hardware { get; }

        public DeviceSettings Settings { get; }

        public DemandResponseEngine Engine { get; }

        public SensorReader Reader { get; }

        public DemandResponseService Service { get; }

        public ISensor Meter { get; }

        public static async Task<Rig> StartAsync(GridMeterReadTests test, TimeSpan sampleInterval)
        {
            string directory = Path.Combine(test.TestContext.TestRunDirectory!, "grid-" + test.TestContext.TestName);
            _ = Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "grid-map.json"), MeterMap);
            var options = new DemandResponseOptions { MeterInterval = TimeSpan.FromSeconds(1) };
            HardwareSet hardware = HardwareFactory.Create(HardwareProfile.Parse(Profile, "grid.json", directory),
                new HardwareFactoryOptions { TimeProvider = test._clock, DataDirectory = directory });
            var settings = new DeviceSettings(directory, sampleInterval, NullLogger.Instance);
            var engine = new DemandResponseEngine(ManagedLoad.From(hardware), settings, options,
                Path.Combine(directory, "demand-response.json"), test._clock, NullLogger.Instance, new Random(7));
            var reader = new SensorReader(test._clock);
            var service = new DemandResponseService(engine, settings, hardware, reader, options, test._clock,
                NullLogger<DemandResponseService>.Instance);
            await service.StartAsync(test.TestContext.CancellationToken);
            return new Rig(hardware, settings, engine, reader, service);
        }

        public async ValueTask DisposeAsync()
        {
            Service.Dispose();
            await Hardware.DisposeAsync();
        }
    }
}
