using Edge.Things;

namespace Edge.Agent.Sampling;

/// <summary>
/// Decides which sampled readings are queued for publishing (see <see cref="ReportingOptions"/>): every reading of a
/// node without a deadband; for a node with one, a reading that differs from the node's last reported one beyond the
/// deadband, or the first after <see cref="ReportingOptions.Heartbeat"/>. Not thread-safe: the sampler's alone.
/// </summary>
public sealed class ReportByException
{
    private readonly ReportingOptions _options;
    private readonly Dictionary<string, (DateTimeOffset At, Dictionary<string, Field> Fields)> _last = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodes = new(StringComparer.Ordinal);

    public ReportByException(ReportingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        foreach (var key in options.Deadbands.Keys)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            _nodes.Add(slash < 0 ? key : key[..slash]);
        }
    }

    /// <summary>True when <paramref name="reading"/> is to be published; it then becomes the node's last report.</summary>
    public bool ShouldReport(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var node = reading.Node.NodeId;
        if (!_nodes.Contains(node))
        {
            return true;
        }

        if (_last.TryGetValue(node, out var last) && reading.Timestamp - last.At < _options.Heartbeat
            && reading.Fields.Count == last.Fields.Count && reading.Fields.All(f => !Moved(node, f, last.Fields)))
        {
            return false;
        }

        _last[node] = (reading.Timestamp, reading.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal));
        return true;
    }

    private bool Moved(string node, Field field, Dictionary<string, Field> last)
    {
        if (!last.TryGetValue(field.Name, out var before) || before.QoS != field.QoS || before.Value.Kind != field.Value.Kind)
        {
            return true;
        }

        if (field.Value is not NumericValue now || before.Value is not NumericValue then)
        {
            return before.Value != field.Value;
        }

        if (now.Unit != then.Unit)
        {
            return true;
        }

        var deadband = _options.Deadbands.GetValueOrDefault(node + "/" + field.Name) ?? _options.Deadbands.GetValueOrDefault(node);
        var band = deadband is null ? 0 : Math.Max(deadband.Absolute, deadband.Relative * Math.Abs(then.Value));
        var change = Math.Abs(now.Value - then.Value);
        return band == 0 ? change != 0 : change > band;
    }
}
