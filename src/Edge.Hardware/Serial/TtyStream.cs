namespace Edge.Hardware.Serial;

/// <summary>
/// A <see cref="Stream"/> over a <see cref="SerialTty"/> (what <see cref="SerialStreams.OpenSerialPort"/> returns).
/// A synchronous read waits in poll(2) on the calling thread. An asynchronous read is handed to one reader thread of
/// this stream, started at the first one, that waits in poll(2) until bytes arrive and completes the read; its
/// cancellation wakes that thread through the tty's eventfd. Either way nothing wakes while the line is idle (no
/// timer, no periodic polling, no pool thread parked in a read). Writes go straight to write(2);
/// <see cref="Flush"/> is tcdrain(3): it returns when the bytes are on the wire. Disposing closes the port.
/// </summary>
public sealed class TtyStream : Stream
{
    /// <summary>How long a write may wait for room in the driver's output queue.</summary>
    public static readonly TimeSpan WriteQueueTimeout = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private SerialTty _tty;
    private Thread? _reader;
    private PendingRead? _pending;
    private bool _disposed;

    public TtyStream(SerialTty tty)
    {
        ArgumentNullException.ThrowIfNull(tty);
        _tty = tty;
    }

    /// <summary>The port under this stream (replaced by <see cref="Reopen"/>).</summary>
    public SerialTty Tty => Volatile.Read(ref _tty);

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Closes the port and opens it again with the same path and settings (after it hung up: a USB adapter plugged
    /// back in, a pty made anew). An asynchronous read waiting on the old port fails with <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <exception cref="SerialPortException">The port cannot be opened (yet); the old one stays closed.</exception>
    public void Reopen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SerialTty old = Tty;
        old.Dispose();
        Volatile.Write(ref _tty, SerialTty.Open(old.Path, old.Settings));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            // 0: woken (a cancelled async read's leftover wake-up); a closed port throws ObjectDisposedException.
            int n = Tty.Read(buffer, Timeout.InfiniteTimeSpan);
            if (n > 0)
            {
                return n;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        if (buffer.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        // Registered before the reader thread can see the read, so the thread's Dispose of it never misses it.
        var read = new PendingRead(buffer, cancellationToken);
        read.Registration = cancellationToken.UnsafeRegister(static s => ((TtyStream)s!).Tty.Wake(), this);
        lock (_gate)
        {
            if (_disposed || _pending is not null)
            {
                read.Registration.Dispose();
                ObjectDisposedException.ThrowIf(_disposed, this);
                throw new InvalidOperationException("A read is already pending on this serial port: one reader at a time.");
            }

            _pending = read;
            if (_reader is null)
            {
                // A small stack: the loop holds one frame (the default 8 MiB is address space, but still a mapping).
                _reader = new Thread(ReadLoop, 128 * 1024) { IsBackground = true, Name = "tty reader" };
                _reader.Start();
            }
            else
            {
                Monitor.Pulse(_gate);
            }
        }

        return new ValueTask<int>(read.Completion.Task);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => Tty.Write(buffer, WriteQueueTimeout);

    /// <summary>write(2) is quick (the driver queues the bytes): done on the caller's thread.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            Tty.Write(buffer.Span, WriteQueueTimeout);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>tcdrain(3): returns when every byte written has left the UART (a frame's end on the wire is known).</summary>
    public override void Flush() => Tty.Drain();

    /// <summary>As <see cref="Flush"/>: tcdrain takes the transmit time of what is queued, a few milliseconds.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            Tty.Drain();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                Monitor.PulseAll(_gate);
            }

            // Wakes the reader thread (if waiting in poll): its read fails with ObjectDisposedException, it ends.
            Tty.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The reader thread: one pending read at a time, each waiting in poll(2) with no timeout.</summary>
    private void ReadLoop()
    {
        while (true)
        {
            PendingRead read;
            lock (_gate)
            {
                while (_pending is null && !_disposed)
                {
                    _ = Monitor.Wait(_gate);
                }

                if (_pending is null)
                {
                    return;
                }

                read = _pending;
            }

            int n = 0;
            Exception? failure = null;
            try
            {
                while (n == 0 && !read.Token.IsCancellationRequested)
                {
                    n = Tty.Read(read.Buffer.Span, Timeout.InfiniteTimeSpan);
                }
            }
#pragma warning disable CA1031 // Every failure goes to the read that waited for it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }

            // Free the slot before completing: the caller's next read may come at once.
            lock (_gate)
            {
                _pending = null;
            }

            read.Registration.Dispose();
            if (failure is not null)
            {
                _ = read.Completion.TrySetException(failure);
            }
            else if (n == 0)
            {
                _ = read.Completion.TrySetCanceled(read.Token);
            }
            else
            {
                _ = read.Completion.TrySetResult(n);
            }
        }
    }

    private sealed class PendingRead(Memory<byte> buffer, CancellationToken token)
    {
        public Memory<byte> Buffer { get; } = buffer;

        public CancellationToken Token { get; } = token;

        public CancellationTokenRegistration Registration { get; set; }

        // The caller continues on a pool thread, never on the reader thread (which would then run the caller's code).
        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
