using Edge.Hardware;
using Edge.Iot;
using Edge.Things;

namespace Edge.Agent.Iot;

public sealed partial class AgentThingProvider
{
    private const ReadoutTypes Current = ReadoutTypes.Momentary | ReadoutTypes.Peak | ReadoutTypes.Status
        | ReadoutTypes.Computed | ReadoutTypes.Identity;

    /// <summary>The enum type of the device's <c>Health</c> field: <c>ok</c>, or <c>degraded</c> while a sensor's last read failed.</summary>
    public const string HealthDataType = "urn:edge:health";

    /// <summary>The status field of a relay node the demand-response engine holds shed: why, since when, restore time.</summary>
    public const string ShedReasonField = "ShedReason";

    public async ValueTask<NodeReadout> ReadAsync(ThingNode node, ReadoutFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(filter);
        DateTimeOffset now = _time.GetUtcNow();
        if (node.Reference.NodeId == RootNodeId && node.Reference.SourceId is null)
        {
            return new NodeReadout(node.Reference, [.. RootFields(now).Where(filter.Matches)]);
        }

        ThingReference sensorNode = node.Reference;
        string? channel = null;
        _ = RootNodes; // make sure the channel map follows the current MCU descriptor
        lock (_treeLock)
        {
            if (_channels.TryGetValue(node.Reference, out ChannelNode? c))
            {
                sensorNode = c.Bridge.Node;
                channel = c.Channel.Name;
            }
        }

        if (!_sensors.TryGetValue(sensorNode, out ISensor? sensor))
        {
            return new NodeReadout(node.Reference, [], $"Node '{node.Reference}' has no sensor behind it.");
        }

        var fields = new List<Field>();
        string? error = null;
        if ((filter.Types & Current) != 0)
        {
            IReadOnlyList<Field> live = await _reader.ReadAsync(sensor, _maxAge, cancellationToken).ConfigureAwait(false);
            if (channel is not null)
            {
                live = [.. live.Where(f => f.Name == channel)];
            }

            // A sensor reports a failed read as fields flagged missing + error: to a requester that is a failure.
            if (live.Count > 0 && live.All(f => (f.QoS & FieldQoS.Missing) != 0))
            {
                error = FailureOf(sensor, live);
            }

            fields.AddRange(live.Where(f => (f.QoS & FieldQoS.Missing) == 0 && filter.Matches(f)));
            if (channel is null && _demandResponse is not null && _demandResponse.TryGetHold(sensorNode.NodeId, out string hold))
            {
                var shed = new Field(ShedReasonField, new StringValue(hold), now, ReadoutTypes.Status);
                if (filter.Matches(shed))
                {
                    fields.Add(shed);
                }
            }
        }

        if ((filter.Types & ReadoutTypes.Historical) != 0)
        {
            IEnumerable<Field> past = _history.Query(sensorNode, filter.Types, filter.From, filter.To);
            if (channel is not null)
            {
                past = past.Where(f => f.Name == channel);
            }

            fields.AddRange(past.Where(filter.Matches));
        }

        return new NodeReadout(node.Reference, fields, error);
    }

    private IEnumerable<Field> RootFields(DateTimeOffset now)
    {
        const ReadoutTypes Identity = ReadoutTypes.Identity;
        yield return new Field("Software", new StringValue(SoftwareVersion), now, Identity);
        yield return new Field("Profile", new StringValue(_hardware.Profile.Name), now, Identity);
        yield return new Field("Uptime", new DurationValue(now - _started), now, ReadoutTypes.Status);
        yield return new Field("Sensors", new IntValue(_sensors.Count), now, ReadoutTypes.Status);
        yield return new Field("Health", new EnumValue(_reader.FailingCount == 0 ? "ok" : "degraded", HealthDataType), now, ReadoutTypes.Status);
        if (_demandResponse is not null)
        {
            foreach (Field field in DemandResponse.DemandResponseFields.From(_demandResponse.Status, _demandResponse.Loads, now))
            {
                yield return field;
            }
        }

        foreach (Field setting in _settings.ToFields(now))
        {
            yield return setting;
        }
    }

    private static string FailureOf(ISensor sensor, IReadOnlyList<Field> fields) => sensor switch
    {
        PolledSensor { LastFailure: { } reason } => reason,
        _ when fields.FirstOrDefault(f => f.Value is StringValue) is { Value: StringValue s } => s.Value,
        _ => $"Sensor '{sensor.Node}' did not answer.",
    };
}
