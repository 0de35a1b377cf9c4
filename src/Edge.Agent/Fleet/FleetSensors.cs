using Edge.Agent.Iot;
using Edge.Hardware;
using Edge.Hardware.Profiles;
using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Fleet;

/// <summary>
/// The sensors every fleet device reports, shared: one set of the simulated profile's drivers on their simulated buses,
/// read once per sampling interval; each device publishes the same immutable readings on its own nodes. (The simulated
/// signals are functions of time, so a thousand sets would only report the same values a thousand times over, at a
/// thousand times the memory and CPU.) Firmware-bridge sensors are left out: each needs an MCU on a serial port.
/// Readouts take the last read when it is at most <c>Agent:ReadoutMaxAge</c> old, as the agent's do.
/// </summary>
public sealed class FleetSensors : IAsyncDisposable
{
    private readonly HardwareSet _hardware;
    private readonly SensorReader _reader;
    private readonly Dictionary<ThingReference, ISensor> _sensors = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _dataDirectory;
    private IReadOnlyList<Reading> _latest = [];
    private long _sequence;

    private FleetSensors(HardwareSet hardware, TimeProvider time, ILogger logger, string dataDirectory)
    {
        _hardware = hardware;
        _time = time;
        _logger = logger;
        _dataDirectory = dataDirectory;
        _reader = new SensorReader(time);
        var nodes = new List<ThingNode>();
        foreach (ISensor sensor in hardware.Sensors)
        {
            _sensors[sensor.Node] = sensor;
            var kind = hardware.Profile.Sensors.FirstOrDefault(s => s.Id == sensor.Node.NodeId)?.Kind ?? sensor.GetType().Name;
            nodes.Add(new ThingNode(sensor.Node, kind));
        }

        SensorNodes = nodes;
    }

    /// <summary>The profile the sensors come from (without its firmware-bridge sensors).</summary>
    public HardwareProfile Profile => _hardware.Profile;

    /// <summary>One immutable node per sensor, shared by every device's tree.</summary>
    public IReadOnlyList<ThingNode> SensorNodes { get; }

    /// <summary>The readings of the last sampling cycle (empty before the first).</summary>
    public IReadOnlyList<Reading> Latest => Volatile.Read(ref _latest);

    /// <summary>Builds the drivers of <paramref name="profile"/>, which must be simulated.</summary>
    /// <exception cref="ArgumentException">The profile drives real hardware: a fleet of one board's sensors is no fleet.</exception>
    public static FleetSensors Create(HardwareProfile profile, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(loggers);
        if (!profile.Simulated)
        {
            throw new ArgumentException($"Hardware profile '{profile.Name}' is not simulated (\"simulated\": true); a fleet runs simulated devices only.",
                nameof(profile));
        }

        var shared = profile with { Sensors = [.. profile.Sensors.Where(s => s.Kind != "firmwareBridge")] };
        var data = Path.Combine(Path.GetTempPath(), "edge-fleet-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var hardware = HardwareFactory.Create(shared, new HardwareFactoryOptions { TimeProvider = time, LoggerFactory = loggers, DataDirectory = data });
        return new FleetSensors(hardware, time, loggers.CreateLogger("Edge.Agent.Fleet"), data);
    }

    /// <summary>Reads every sensor once; the readings become <see cref="Latest"/>. A sensor that throws is left out (logged).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var readings = new List<Reading>(_sensors.Count);
        foreach (ISensor sensor in _hardware.Sensors)
        {
            try
            {
                var fields = await _reader.ReadAsync(sensor, TimeSpan.Zero, cancellationToken, now).ConfigureAwait(false);
                if (fields.Count > 0)
                {
                    readings.Add(new Reading(sensor.Node, now, fields, Interlocked.Increment(ref _sequence)));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SensorFailed(_logger, sensor.Node.NodeId, e);
            }
        }

        Volatile.Write(ref _latest, readings);
    }

    /// <summary>A readout's read of one sensor node: the last read if at most <paramref name="maxAge"/> old; null for an unknown node.</summary>
    public async ValueTask<IReadOnlyList<Field>?> ReadAsync(ThingReference node, TimeSpan maxAge, CancellationToken cancellationToken) =>
        _sensors.TryGetValue(node, out var sensor) ? await _reader.ReadAsync(sensor, maxAge, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>A number for readings built outside the shared cycle (a device's relay states).</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public async ValueTask DisposeAsync()
    {
        await _hardware.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a temp folder of pulse counts: the system's temp cleaning takes it
        }
    }
}
