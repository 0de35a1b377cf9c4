using Edge.Hardware.Internal;
using Edge.Things;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Hardware;

/// <summary>
/// The shared shape of a driver-backed sensor: <see cref="ReadAsync"/> calls <see cref="ReadCoreAsync"/>; any failure
/// other than cancellation becomes the <see cref="Fields"/> marked missing + error, logged once per state change, and
/// the read is simply tried again next cycle.
/// </summary>
public abstract class PolledSensor : ISensor
{
    private readonly SensorHealth _health;
    private int _disposed;

    protected PolledSensor(ThingReference node, IReadOnlyList<SensorField> fields, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(fields);
        Node = node;
        Fields = fields;
        _health = new SensorHealth(logger ?? NullLogger.Instance, node.ToString());
    }

    public ThingReference Node { get; }

    /// <summary>The numeric fields this sensor produces.</summary>
    public IReadOnlyList<SensorField> Fields { get; }

    /// <summary>The reason of the current failure, or <c>null</c> while reads succeed.</summary>
    public string? LastFailure => _health.LastFailure;

    public async ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        try
        {
            IReadOnlyList<Field> fields = await ReadCoreAsync(timestamp, cancellationToken).ConfigureAwait(false);
            _health.Succeeded();
            return fields;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing sensor must never take the agent down: every failure becomes a missing field.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _health.Failed($"{e.GetType().Name}: {e.Message}", e);
            return [.. Fields.Select(f => f.Missing(timestamp))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await DisposeCoreAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the device; throws on failure (the base turns it into missing fields).</summary>
    protected abstract ValueTask<IReadOnlyList<Field>> ReadCoreAsync(DateTimeOffset timestamp,
        CancellationToken cancellationToken);

    protected abstract ValueTask DisposeCoreAsync();
}
