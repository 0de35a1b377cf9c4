using Edge.Agent.DemandResponse;
using Edge.Agent.Iot;
using Edge.Hardware.Gpio;
using Edge.Hardware.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.DemandResponse;

/// <summary>A simulated device with five relays (four managed), its settings and an engine over them; restartable.</summary>
internal sealed class DemandResponseRig : IAsyncDisposable
{
    // Profile order is not priority order on purpose: the engine must sort.
    public const string Profile = """
        {
          "name": "dr", "simulated": true,
          "relays": [
            { "id": "heater", "pin": 5, "minOnSeconds": 60, "demandResponse": { "shedPriority": 3, "nominalWatts": 2000, "cyclable": true } },
            { "id": "pump", "pin": 6, "demandResponse": { "shedPriority": 5 } },
            { "id": "fridge", "pin": 13, "demandResponse": { "shedPriority": 1, "essential": true } },
            { "id": "ev", "pin": 19, "minOffSeconds": 120, "demandResponse": { "shedPriority": 0, "nominalWatts": 7400 } },
            { "id": "light", "pin": 26 }
          ]
        }
        """;

    private readonly string _directory;

    public DemandResponseRig(string directory, FakeTimeProvider clock, TimeSpan? restoreWindow = null, int seed = 7)
    {
        _directory = directory;
        Clock = clock;
        Options = new DemandResponseOptions { RestoreWindow = restoreWindow ?? TimeSpan.FromMinutes(5) };
        Seed = seed;
        Start();
    }

    public FakeTimeProvider Clock { get; }

    public DemandResponseOptions Options { get; }

    public int Seed { get; }

    public string StateFile => Path.Combine(_directory, "demand-response.json");

    public HardwareSet Hardware { get; private set; } = null!;

    public DeviceSettings Settings { get; private set; } = null!;

    public DemandResponseEngine Engine { get; private set; } = null!;

    public Relay this[string id] => Hardware.FindRelay(id)!;

    /// <summary>Like an agent restart: relays back to their fail-safe state, settings and engine state read from disk.</summary>
    public async Task RestartAsync()
    {
        await Hardware.DisposeAsync();
        Start();
    }

    /// <summary>
    /// Lets the ev's minimum off-time (120 s, counted from start) pass, switches every relay on, then lets the
    /// heater's minimum on-time (60 s) pass.
    /// </summary>
    public void AllOn()
    {
        Clock.Advance(TimeSpan.FromMinutes(2));
        foreach (Relay relay in Hardware.Relays)
        {
            Assert.IsTrue(relay.TrySwitch(true).Succeeded, relay.Node.NodeId);
        }

        Clock.Advance(TimeSpan.FromMinutes(2));
    }

    public void StartEvent(TimeSpan duration, int depth)
    {
        Assert.IsTrue(Settings.TrySet(Settings.ShedPriority, depth).IsValid);
        Assert.IsTrue(Settings.TrySet(Settings.ShedUntil, Clock.GetUtcNow() + duration).IsValid);
        Assert.IsTrue(Settings.TrySet(Settings.LoadShedding, true).IsValid);
    }

    /// <summary>A site model for the import limit: a base load plus the nominal power of the relays that are on.</summary>
    public double SiteWatts(double baseWatts) =>
        baseWatts + (this["heater"].IsOn ? 2000 : 0) + (this["ev"].IsOn ? 7400 : 0);

    /// <summary>Reports the meter as <see cref="SiteWatts"/> and evaluates.</summary>
    public TimeSpan? Meter(double baseWatts, double? kwh = null)
    {
        Engine.ReportMeter(new MeterSample(SiteWatts(baseWatts), kwh, Clock.GetUtcNow()));
        return Engine.Evaluate();
    }

    public string[] On() => [.. Hardware.Relays.Where(r => r.IsOn).Select(r => r.Node.NodeId)];

    /// <summary>Evaluates, advancing the clock to each deadline, until none is left or <paramref name="until"/> is reached.</summary>
    public void RunUntil(DateTimeOffset until)
    {
        while (true)
        {
            TimeSpan? next = Engine.Evaluate();
            DateTimeOffset now = Clock.GetUtcNow();
            if (next is null || now + next.Value > until)
            {
                Clock.Advance(until - now);
                _ = Engine.Evaluate();
                return;
            }

            Clock.Advance(next.Value);
        }
    }

    public ValueTask DisposeAsync() => Hardware.DisposeAsync();

    private void Start()
    {
        var profile = HardwareProfile.Parse(Profile, "dr.json", _directory);
        Hardware = HardwareFactory.Create(profile, new HardwareFactoryOptions { TimeProvider = Clock, DataDirectory = _directory });
        Settings = new DeviceSettings(_directory, TimeSpan.FromSeconds(5), NullLogger.Instance);
        Engine = new DemandResponseEngine(ManagedLoad.From(Hardware), Settings, Options, StateFile, Clock,
            NullLogger.Instance, new Random(Seed));
    }
}
