using System.Collections.Concurrent;
using Edge.Hardware;
using Edge.Things;

namespace Edge.Agent.Iot;

/// <summary>
/// The one way sensors are read, shared by the sampler and readouts: one read at a time per sensor (a bus is never
/// driven by two callers at once), and a readout may take the result of a read younger than its maximum age instead
/// of reading again, so a burst of readouts does not hammer a slow Modbus line.
/// </summary>
public sealed class SensorReader(TimeProvider time)
{
    private readonly ConcurrentDictionary<ISensor, Entry> _entries = new();

    /// <summary>
    /// Reads <paramref name="sensor"/>, or returns its last read if that is at most <paramref name="maxAge"/> old
    /// (zero = always read). A fresh read is stamped <paramref name="timestamp"/> (default: now).
    /// </summary>
    public async ValueTask<IReadOnlyList<Field>> ReadAsync(ISensor sensor, TimeSpan maxAge, CancellationToken cancellationToken,
        DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        Entry entry = _entries.GetOrAdd(sensor, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DateTimeOffset now = time.GetUtcNow();
            if (maxAge > TimeSpan.Zero && entry.Fields is { } cached && now - entry.ReadAt <= maxAge)
            {
                return cached;
            }

            IReadOnlyList<Field> fields;
            try
            {
                fields = await sensor.ReadAsync(timestamp ?? now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                entry.Errors++;
                entry.LastError = e.Message;
                throw;
            }

            entry.Fields = fields;
            entry.ReadAt = now;
            entry.Failed = fields.Count > 0 && fields.All(f => (f.QoS & FieldQoS.Missing) != 0);
            if (entry.Failed)
            {
                entry.Errors++;
            }

            entry.LastError = entry.Failed ? "every field missing" : null;
            entry.Last = new SensorLastRead(fields, now, entry.Errors, entry.LastError);
            return fields;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>
    /// The last read of <paramref name="sensor"/> (kept for the status page when a control invalidates it), with its
    /// read errors since start (a read that threw, or one with every field missing); null before the first read.
    /// </summary>
    public SensorLastRead? Last(ISensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        if (!_entries.TryGetValue(sensor, out Entry? entry))
        {
            return null;
        }

        // A read that threw leaves the fields of the read before it, with the error and its count.
        return entry.Last is { } last
            ? last with { Errors = entry.Errors, Error = entry.LastError }
            : entry.Errors > 0 ? new SensorLastRead([], default, entry.Errors, entry.LastError) : null;
    }

    /// <summary>How many sensors failed their last read (every field missing).</summary>
    public int FailingCount => _entries.Values.Count(e => e.Failed);

    /// <summary>Forgets the last read of <paramref name="sensor"/> (after control changed it): the next readout reads it.</summary>
    public void Invalidate(ISensor sensor)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        if (_entries.TryGetValue(sensor, out Entry? entry))
        {
            entry.Fields = null;
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IReadOnlyList<Field>? Fields { get; set; }

        public DateTimeOffset ReadAt { get; set; }

        public bool Failed { get; set; }

        public SensorLastRead? Last { get; set; }

        public long Errors { get; set; }

        public string? LastError { get; set; }
    }
}
