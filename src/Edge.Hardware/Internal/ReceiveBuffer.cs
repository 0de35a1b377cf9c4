namespace Edge.Hardware.Internal;

/// <summary>
/// Bytes received by a background read loop, waiting to be consumed by one bus thread that waits for them on a
/// monitor (no task, no pool thread between the bytes and the thread that needs them). A read that times out leaves no
/// read pending on the stream (the loop keeps reading), so a late answer lands here and is discarded before the next
/// request.
/// </summary>
internal sealed class ReceiveBuffer : IByteReceiver
{
    private readonly object _gate = new();
    private readonly Queue<byte> _bytes = new();
    private Exception? _fault;
    private long _version;

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last byte received.</summary>
    public long LastReceived { get; private set; }

    /// <summary>Counts the changes a waiter wakes for (bytes, a failure, <see cref="Pulse"/>): read it before looking.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public void Add(ReadOnlySpan<byte> data, long timestamp)
    {
        lock (_gate)
        {
            foreach (byte b in data)
            {
                _bytes.Enqueue(b);
            }

            LastReceived = timestamp;
            _version++;
            Monitor.PulseAll(_gate);
        }
    }

    public void Fail(Exception fault)
    {
        lock (_gate)
        {
            _fault = fault;
            _version++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Wakes a waiting thread to look again (its clock's timer fired, or it was cancelled).</summary>
    public void Pulse()
    {
        lock (_gate)
        {
            _version++;
            Monitor.PulseAll(_gate);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _bytes.Clear();
        }
    }

    /// <summary>
    /// Waits on the calling thread until something changed since <paramref name="seen"/> (a <see cref="Version"/>):
    /// bytes arrived, the stream failed, <see cref="Pulse"/> was called; or until <paramref name="timeout"/> passes
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: only a change). A change before the call returns at once.
    /// </summary>
    public void Wait(TimeSpan timeout, long seen)
    {
        lock (_gate)
        {
            if (_version == seen)
            {
                _ = Monitor.Wait(_gate, timeout);
            }
        }
    }

    /// <summary>
    /// Moves received bytes into <paramref name="destination"/> from <paramref name="filled"/> on, without waiting;
    /// returns how many are filled now. Throws once the stream has failed and nothing is left to take.
    /// </summary>
    public int Take(Span<byte> destination, int filled)
    {
        lock (_gate)
        {
            while (filled < destination.Length && _bytes.Count > 0)
            {
                destination[filled++] = _bytes.Dequeue();
            }

            if (filled < destination.Length && _fault is not null)
            {
                throw new IOException($"The serial stream failed: {_fault.Message}", _fault);
            }

            return filled;
        }
    }
}
