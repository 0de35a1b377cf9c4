using Edge.Iot;
using Edge.Things;
using Edge.Things.Control;

namespace Edge.Agent.Fleet;

/// <summary>
/// A fleet device's node tree for readout (XEP-0323), control (XEP-0325) and browsing (XEP-0326): a root
/// <c>device</c> node with the shared sensor nodes and one node per relay of the profile. A fleet device's relays are
/// switches in memory: their <c>State</c> follows control at once (no GPIO, so none of the relay's safety rules).
/// </summary>
public sealed partial class FleetDevice : IThingProvider
{
    private const ReadoutTypes Current = ReadoutTypes.Momentary | ReadoutTypes.Peak | ReadoutTypes.Status
        | ReadoutTypes.Computed | ReadoutTypes.Identity;

    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private readonly ThingNode[] _relays;
    private readonly ThingNode _root;

    public IReadOnlyList<ThingNode> RootNodes => [_root];

    private static (ThingNode[] Relays, ThingNode Root) BuildTree(FleetSensors sensors)
    {
        ThingNode[] relays = [.. sensors.Profile.Relays.Select(r => new ThingNode(new ThingReference(r.Id), "relay",
            parameters: [ControlParameter.Boolean("State", r.Options.FailSafeOn, label: $"{r.Id} relay")]))];
        var root = new ThingNode(new ThingReference(Iot.AgentThingProvider.RootNodeId), "edge-fleet-device",
            [.. sensors.SensorNodes, .. relays], displayName: "Edge fleet device");
        return (relays, root);
    }

    public async ValueTask<NodeReadout> ReadAsync(ThingNode node, ReadoutFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(filter);
        var now = _time.GetUtcNow();
        if ((filter.Types & Current) == 0)
        {
            return new NodeReadout(node.Reference, []); // no history: a fleet device keeps none
        }

        if (ReferenceEquals(node, _root) || node.Reference.Equals(_root.Reference))
        {
            Field[] root =
            [
                new Field("Software", new StringValue(Iot.AgentThingProvider.SoftwareVersion), now, ReadoutTypes.Identity),
                new Field("Profile", new StringValue(_sensors.Profile.Name), now, ReadoutTypes.Identity),
                new Field("Uptime", new DurationValue(now - _started), now, ReadoutTypes.Status),
                new Field("Sensors", new IntValue(_sensors.SensorNodes.Count), now, ReadoutTypes.Status),
            ];
            return new NodeReadout(node.Reference, [.. root.Where(filter.Matches)]);
        }

        if (Array.Find(_relays, r => r.Reference.Equals(node.Reference)) is { } relay)
        {
            return new NodeReadout(node.Reference, [.. RelayFields(relay, now).Where(filter.Matches)]);
        }

        var fields = await _sensors.ReadAsync(node.Reference, _maxAge, cancellationToken).ConfigureAwait(false);
        if (fields is null)
        {
            return new NodeReadout(node.Reference, [], $"Node '{node.Reference}' has no sensor behind it.");
        }

        var error = fields.Count > 0 && fields.All(f => (f.QoS & FieldQoS.Missing) != 0) ? $"Sensor '{node.Reference}' did not answer." : null;
        return new NodeReadout(node.Reference, [.. fields.Where(f => (f.QoS & FieldQoS.Missing) == 0 && filter.Matches(f))], error);
    }

    public ValueTask<ControlOutcome> SetAsync(IReadOnlyList<ControlWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            if (Array.Find(_relays, r => r.Parameters.Contains(write.Parameter)) is null)
            {
                return ValueTask.FromResult(ControlOutcome.Refused(write,
                    $"Parameter '{write.Parameter.Name}' of node '{write.Node.Reference}' has no actuator behind it."));
            }

            var result = write.Parameter.TrySetValue(write.Value);
            if (!result.IsValid)
            {
                return ValueTask.FromResult(ControlOutcome.Refused(write, result.Message ?? "refused"));
            }

            Log.FleetControlApplied(_logger, _client.Jid.ToString(), write.Node.Reference.ToString(), write.Parameter.Name,
                Iot.DeviceSettings.Format(write.Value));
        }

        return ValueTask.FromResult(ControlOutcome.Success);
    }

    private static IReadOnlyList<Field> RelayFields(ThingNode relay, DateTimeOffset timestamp) =>
        [new Field("State", relay.Parameters[0].ToFieldValue(), timestamp, ReadoutTypes.Status) { Writable = true }];
}
