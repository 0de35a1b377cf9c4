using System.Collections.Concurrent;
using Edge.Hardware;
using Edge.Things;

namespace Edge.Agent.Iot;

/// <summary>
/// The one way sensors are read, shared by the sampler and readouts: one read at a time per sensor (a bus is never
/// driven by two callers at once), and a readout may take the result of a read younger than its maximum age instead
/// of reading again, so a burst of readouts does not hammer a slow Modbus line. A component that needs a sensor's
/// values as they are read (the demand-response loop and the grid meter) <see cref="Watch"/>es it instead of reading it
/// on a timer of its own.
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
        SensorLastRead? read = null;
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
                read = new SensorLastRead([], now, entry.Errors, e.Message);
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
            entry.Last = read = new SensorLastRead(fields, now, entry.Errors, entry.LastError);
            return fields;
        }
        finally
        {
            entry.Gate.Release();
            if (read is not null)
            {
                entry.Watchers?.Invoke(read);
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="onRead"/> after each read that drove <paramref name="sensor"/> (whoever asked for it; not
    /// for an answer taken from an earlier read), on the reading caller's thread, outside the sensor's lock: with the
    /// fields, or, for a read that threw, no fields and the error. The callback must return at once. Dispose the
    /// result to stop.
    /// </summary>
    public IDisposable Watch(ISensor sensor, Action<SensorLastRead> onRead)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        ArgumentNullException.ThrowIfNull(onRead);
        Entry entry = _entries.GetOrAdd(sensor, _ => new Entry());
        lock (entry)
        {
            entry.Watchers += onRead;
        }

        return new Watcher(entry, onRead);
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

        /// <summary>Who is told of each read (<see cref="Watch"/>); changed under a lock on the entry.</summary>
        public Action<SensorLastRead>? Watchers { get; set; }
    }

    private sealed class Watcher(Entry entry, Action<SensorLastRead> onRead) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (entry)
                {
                    entry.Watchers -= onRead;
                }
            }
        }
    }
}
