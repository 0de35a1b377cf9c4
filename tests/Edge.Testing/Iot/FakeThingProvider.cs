using System.Collections.Concurrent;
using Edge.Iot;
using Edge.Things;

namespace Edge.Testing.Iot;

/// <summary>
/// An <see cref="IThingProvider"/> for unit tests of one XEP handler: a fixed node tree, fields set per node by the
/// test, an optional failure per node, and every control write recorded. Writes set the parameter's value (as an
/// actuator that follows its command would) unless the test told it to refuse that parameter.
/// </summary>
public sealed class FakeThingProvider : IThingProvider
{
    private readonly ConcurrentDictionary<ThingReference, IReadOnlyList<Field>> _fields = new();
    private readonly ConcurrentDictionary<ThingReference, string> _errors = new();
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ControlWrite> _writes = new();
    private int _reads;

    public FakeThingProvider(params ThingNode[] roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        RootNodes = roots;
    }

    public IReadOnlyList<ThingNode> RootNodes { get; }

    /// <summary>Every write the provider applied, in order.</summary>
    public IReadOnlyList<ControlWrite> Writes => [.. _writes];

    /// <summary>How many times <see cref="ReadAsync"/> was called.</summary>
    public int ReadCount => Volatile.Read(ref _reads);

    /// <summary>The fields a read of <paramref name="node"/> returns (before the request's filter).</summary>
    public void SetFields(ThingReference node, params Field[] fields) => _fields[node] = fields;

    /// <summary>Makes reads of <paramref name="node"/> fail with <paramref name="error"/>.</summary>
    public void FailReads(ThingReference node, string error) => _errors[node] = error;

    /// <summary>Makes writes to parameter <paramref name="parameterName"/> (of any node) refused with <paramref name="message"/>.</summary>
    public void RefuseWrites(string parameterName, string message) => _refusals[parameterName] = message;

    public ValueTask<NodeReadout> ReadAsync(ThingNode node, ReadoutFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(filter);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _reads);
        var fields = _fields.TryGetValue(node.Reference, out var all) ? all.Where(filter.Matches).ToArray() : [];
        _errors.TryGetValue(node.Reference, out var error);
        return ValueTask.FromResult(new NodeReadout(node.Reference, fields, error));
    }

    public ValueTask<ControlOutcome> SetAsync(IReadOnlyList<ControlWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (ControlWrite write in writes)
        {
            if (_refusals.TryGetValue(write.Parameter.Name, out var message))
            {
                return ValueTask.FromResult(ControlOutcome.Refused(write, message));
            }

            var result = write.Parameter.TrySetValue(write.Value);
            if (!result.IsValid)
            {
                return ValueTask.FromResult(ControlOutcome.Refused(write, result.Message!));
            }

            _writes.Enqueue(write);
        }

        return ValueTask.FromResult(ControlOutcome.Success);
    }
}
