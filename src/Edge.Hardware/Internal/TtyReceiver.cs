using Edge.Hardware.Serial;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.Internal;

/// <summary>
/// The receiving side of a Modbus bus on a serial port of ours: no read loop, no pending read between transactions.
/// The bus thread reads the port itself when it waits (<see cref="Wait"/> is a poll(2) with the wait's timeout), so
/// an idle bus sleeps in the kernel and an answer wakes exactly the thread that needs it. A hang-up (adapter
/// unplugged, the pty's other end gone) fails the line; the next <see cref="Clear"/> (the start of the next
/// transaction) opens the port again, so the bus comes back when the device does.
/// </summary>
internal sealed class TtyReceiver(TtyStream stream, TimeProvider timeProvider, ILogger logger) : IByteReceiver
{
    // An RTU frame is at most 256 bytes: room for one and a late one behind it.
    private readonly byte[] _buffer = new byte[512];
    private int _start;
    private int _end;
    private long _version;
    private Exception? _fault;

    public long Version => Volatile.Read(ref _version);

    public long LastReceived { get; private set; }

    public void Pulse()
    {
        _ = Interlocked.Increment(ref _version);
        stream.Tty.Wake();
    }

    public void Clear()
    {
        if (_fault is not null)
        {
            // Throws SerialPortException (missing, busy, …) while the device is not back: this transaction fails with it.
            stream.Reopen();
            _fault = null;
            Log.SerialPortReopened(logger, stream.Tty.Path);
        }

        _start = _end = 0;
        try
        {
            while (stream.Tty.Read(_buffer, TimeSpan.Zero) > 0)
            {
                LastReceived = timeProvider.GetTimestamp();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Fail(e);
        }
    }

    public void Wait(TimeSpan timeout, long seen)
    {
        if (Version != seen || _fault is not null)
        {
            return;
        }

        if (_end == _buffer.Length)
        {
            // Nobody took these (line noise beyond any frame): drop them rather than stop reading.
            _start = _end = 0;
        }

        try
        {
            int n = stream.Tty.Read(_buffer.AsSpan(_end), timeout);
            if (n > 0)
            {
                _end += n;
                LastReceived = timeProvider.GetTimestamp();
                _ = Interlocked.Increment(ref _version);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Fail(e);
        }
    }

    public int Take(Span<byte> destination, int filled)
    {
        int n = Math.Min(destination.Length - filled, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination[filled..]);
        _start += n;
        filled += n;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (filled < destination.Length && _fault is not null)
        {
            throw new IOException($"The serial line failed: {_fault.Message}", _fault);
        }

        return filled;
    }

    private void Fail(Exception e)
    {
        if (e is not ObjectDisposedException)
        {
            Log.SerialPortFailed(logger, stream.Tty.Path, e.Message);
        }

        _fault = e;
        _ = Interlocked.Increment(ref _version);
    }
}
