namespace Edge.Hardware.Internal;

/// <summary>
/// Bytes received by a background read loop, waiting to be consumed. A read that times out leaves no read pending on
/// the stream (the loop keeps reading), so a late answer lands here and is discarded before the next request.
/// </summary>
internal sealed class ReceiveBuffer
{
    private readonly Lock _lock = new();
    private readonly Queue<byte> _bytes = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _fault;

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last byte received.</summary>
    public long LastReceived { get; private set; }

    public void Add(ReadOnlySpan<byte> data, long timestamp)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            foreach (byte b in data)
            {
                _bytes.Enqueue(b);
            }

            LastReceived = timestamp;
            signal = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    public void Fail(Exception fault)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _fault = fault;
            signal = _signal;
        }

        signal.TrySetResult();
    }

    public void Clear()
    {
        lock (_lock)
        {
            _bytes.Clear();
        }
    }

    public async ValueTask ReadExactAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < destination.Length)
        {
            Task wait;
            lock (_lock)
            {
                while (filled < destination.Length && _bytes.Count > 0)
                {
                    destination.Span[filled++] = _bytes.Dequeue();
                }

                if (filled == destination.Length)
                {
                    return;
                }

                if (_fault is not null)
                {
                    throw new IOException("The serial stream failed.", _fault);
                }

                wait = _signal.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
