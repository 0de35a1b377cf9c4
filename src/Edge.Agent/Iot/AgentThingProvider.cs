using System.Reflection;
using System.Text.Json;
using Edge.Agent.DemandResponse;
using Edge.Hardware;
using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.Gpio;
using Edge.Hardware.Profiles;
using Edge.Iot;
using Edge.Things;
using Edge.Things.Control;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Iot;

/// <summary>
/// The agent's device as the IoT XEPs see it (<see cref="IThingProvider"/>): a concentrator root node
/// <see cref="RootNodeId"/> carrying the <see cref="DeviceSettings"/>, with one child per sensor and relay of the
/// hardware profile; a firmware-bridge MCU node has one child per MCU channel once the MCU has said hello (output
/// channels are controllable). Readouts read the hardware through the shared <see cref="SensorReader"/> and the
/// local <see cref="ReadingHistory"/>; control drives relays (their safety rules apply), MCU outputs and settings.
/// With a <see cref="DemandResponseEngine"/>, the root's readout shows its state, a shed relay's readout why it is
/// shed, and switching on a relay the engine holds shed is refused.
/// </summary>
public sealed partial class AgentThingProvider : IThingProvider
{
    /// <summary>The node id of the device itself (the concentrator root).</summary>
    public const string RootNodeId = "device";

    private readonly HardwareSet _hardware;
    private readonly DeviceSettings _settings;
    private readonly SensorReader _reader;
    private readonly ReadingHistory _history;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _maxAge;
    private readonly DateTimeOffset _started;
    private readonly DemandResponseEngine? _demandResponse;
    private readonly Dictionary<ThingReference, ISensor> _sensors = [];
    private readonly Dictionary<(string Node, string Channel), ControlParameter<bool>> _outputs = [];
    private readonly Lock _treeLock = new();
    private IReadOnlyList<ThingNode> _roots = [];
    private Dictionary<ThingReference, ChannelNode> _channels = [];
    private object?[] _treeKey = [];

    public AgentThingProvider(HardwareSet hardware, DeviceSettings settings, SensorReader reader, ReadingHistory history,
        TimeProvider time, ILogger logger, TimeSpan maxAge, DemandResponseEngine? demandResponse = null)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _hardware = hardware;
        _settings = settings;
        _reader = reader;
        _history = history;
        _time = time;
        _logger = logger;
        _maxAge = maxAge;
        _started = time.GetUtcNow();
        _demandResponse = demandResponse;
        foreach (ISensor sensor in Sensors)
        {
            _sensors[sensor.Node] = sensor;
        }
    }

    /// <summary>Every sensor the device samples: the profile's sensors, then its relays (a relay reports its state).</summary>
    public IEnumerable<ISensor> Sensors => _hardware.Sensors.Concat(_hardware.Relays);

    /// <summary>The root node and its children; rebuilt when an MCU (re)connects with its channel list.</summary>
    public IReadOnlyList<ThingNode> RootNodes
    {
        get
        {
            var bridges = _hardware.Sensors.OfType<FirmwareBridgeSensor>().ToArray();
            object?[] key = [.. bridges.Select(b => b.Client?.Descriptor)];
            lock (_treeLock)
            {
                if (_roots.Count == 0 || !key.SequenceEqual(_treeKey))
                {
                    _roots = [BuildTree(out _channels)];
                    _treeKey = key;
                }

                return _roots;
            }
        }
    }

    private ThingNode BuildTree(out Dictionary<ThingReference, ChannelNode> channelMap)
    {
        var channels = new Dictionary<ThingReference, ChannelNode>();
        channelMap = channels;
        var children = new List<ThingNode>();
        foreach (ISensor sensor in _hardware.Sensors)
        {
            SensorSpec? spec = _hardware.Profile.Sensors.FirstOrDefault(s => s.Id == sensor.Node.NodeId);
            var properties = spec is null ? [] : Describe(spec.Settings);
            IReadOnlyList<ThingNode>? channelNodes = null;
            if (sensor is FirmwareBridgeSensor bridge && bridge.Client?.Descriptor is { } descriptor)
            {
                properties["Model"] = descriptor.Model;
                properties["Firmware"] = descriptor.FirmwareVersion.ToString();
                properties["DeviceId"] = $"0x{descriptor.DeviceId:X8}";
                channelNodes = [.. descriptor.Channels.Select(c => ChannelNodeFor(bridge, c, channels))];
            }

            children.Add(new ThingNode(sensor.Node, spec?.Kind ?? sensor.GetType().Name, channelNodes,
                properties: properties));
        }

        foreach (Relay relay in _hardware.Relays)
        {
            RelaySpec? spec = _hardware.Profile.Relays.FirstOrDefault(r => r.Id == relay.Node.NodeId);
            var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["Pin"] = Invariant(relay.Pin) };
            if (spec is not null)
            {
                properties["MinOnSeconds"] = Invariant(spec.Options.MinimumOnTime.TotalSeconds);
                properties["MinOffSeconds"] = Invariant(spec.Options.MinimumOffTime.TotalSeconds);
                properties["MaxSwitchingsPerHour"] = Invariant(spec.Options.MaxSwitchingsPerHour);
                properties["FailSafe"] = spec.Options.FailSafeOn ? "on" : "off";
                if (spec.DemandResponse is { } role)
                {
                    properties["ShedPriority"] = Invariant(role.ShedPriority);
                    properties["Essential"] = role.Essential ? "true" : "false";
                    properties["NominalWatts"] = Invariant(role.NominalWatts);
                    properties["Cyclable"] = role.Cyclable ? "true" : "false";
                }
            }

            children.Add(new ThingNode(relay.Node, "relay", parameters: [relay.Parameter], properties: properties));
        }

        var rootProperties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Profile"] = _hardware.Profile.Name,
            ["Simulated"] = _hardware.Profile.Simulated ? "true" : "false",
            ["Software"] = SoftwareVersion,
        };
        return new ThingNode(new ThingReference(RootNodeId), "edge-agent", children, _settings.Parameters,
            "Edge agent", rootProperties);
    }

    private ThingNode ChannelNodeFor(FirmwareBridgeSensor bridge, FirmwareBridgeChannel channel,
        Dictionary<ThingReference, ChannelNode> channels)
    {
        var reference = new ThingReference($"{bridge.Node.NodeId}.{channel.Name}");
        IReadOnlyList<ControlParameter>? parameters = null;
        if (channel.Kind == FirmwareBridgeChannelKind.Output)
        {
            if (!_outputs.TryGetValue((bridge.Node.NodeId, channel.Name), out var output))
            {
                output = ControlParameter.Boolean("State", false, $"{reference.NodeId} output");
                _outputs.Add((bridge.Node.NodeId, channel.Name), output);
            }

            parameters = [output];
        }

        channels[reference] = new ChannelNode(bridge, channel);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Channel"] = Invariant(channel.Index),
            ["Kind"] = channel.Kind.ToString(),
            ["Unit"] = channel.Unit,
            ["PeriodMs"] = Invariant(channel.Period.TotalMilliseconds),
        };
        return new ThingNode(reference, "firmwareBridge." + channel.Kind.ToString().ToLowerInvariant(), parameters: parameters,
            displayName: channel.Name, properties: properties);
    }

    /// <summary>A profile entry's scalar keys (except id/kind), as descriptive node properties.</summary>
    private static Dictionary<string, string> Describe(JsonElement settings)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.ValueKind != JsonValueKind.Object)
        {
            return properties;
        }

        foreach (JsonProperty p in settings.EnumerateObject())
        {
            if (p.Name is "id" or "kind")
            {
                continue;
            }

            string? text = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                _ => null,
            };
            if (text is not null)
            {
                properties[char.ToUpperInvariant(p.Name[0]) + p.Name[1..]] = text;
            }
        }

        return properties;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The agent's version (the assembly's informational version): <c>edge --version</c> and the root's <c>Software</c> field.</summary>
    public static string SoftwareVersion =>
        typeof(AgentThingProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AgentThingProvider).Assembly.GetName().Version?.ToString() ?? "unknown";

    private sealed record ChannelNode(FirmwareBridgeSensor Bridge, FirmwareBridgeChannel Channel);
}
