using Edge.Hardware.Internal;

namespace Edge.Hardware.Modbus;

/// <summary>The framing half: one request/response on the line, with silence, timeouts and retries.</summary>
public sealed partial class ModbusRtuMaster
{
    /// <summary>
    /// Sends unit + <paramref name="pdu"/> + CRC and returns the whole validated answer (ADU). Runs on the bus loop,
    /// which it blocks for the silence and the answer.
    /// </summary>
    private byte[] Transact(byte unitId, byte[] pdu, CancellationToken cancellationToken)
    {
        byte[] request = new byte[pdu.Length + 3];
        request[0] = unitId;
        pdu.CopyTo(request, 1);
        ushort crc = ModbusCrc.Compute(request.AsSpan(0, request.Length - 2));
        request[^2] = (byte)crc;
        request[^1] = (byte)(crc >> 8);
        var function = (ModbusFunctionCode)pdu[0];

        // A cancelled job wakes from its wait at once instead of at the end of its silence or timeout.
        using CancellationTokenRegistration wake = cancellationToken.UnsafeRegister(static s => ((IByteReceiver)s!).Pulse(), _received);
        Exception? last = null;
        for (int attempt = 0; attempt <= _options.Retries; attempt++)
        {
            WaitForSilence(cancellationToken);
            _received.Clear();
            _stream.Write(request);
            _stream.Flush();
            _lastSent = _timeProvider.GetTimestamp();
            try
            {
                return Receive(unitId, function, _options.ResponseTimeout + TransmitTime(request.Length), cancellationToken);
            }
            catch (TimeoutException)
            {
                Timeouts++;
                last = new ModbusTimeoutException(
                    $"Modbus unit {unitId}: no answer to function 0x{(byte)function:X2} within {_options.ResponseTimeout.TotalMilliseconds:0} ms.");
            }
            catch (ModbusFrameException e)
            {
                CorruptFrames++;
                last = e;
            }

            Log.ModbusAttemptFailed(_logger, unitId, attempt + 1, last.Message);
        }

        throw last!;
    }

    private byte[] Receive(byte unitId, ModbusFunctionCode function, TimeSpan timeout, CancellationToken token)
    {
        long start = _timeProvider.GetTimestamp();
        byte[] head = new byte[3];
        ReceiveExact(head, start, timeout, token);
        int length;
        if (head[1] == ((byte)function | 0x80))
        {
            length = 5;
        }
        else if (head[1] != (byte)function)
        {
            throw new ModbusFrameException($"Modbus unit {unitId}: answer has function 0x{head[1]:X2}, expected 0x{(byte)function:X2}.");
        }
        else
        {
            length = function is ModbusFunctionCode.ReadHoldingRegisters or ModbusFunctionCode.ReadInputRegisters
                ? 5 + head[2]
                : 8;
        }

        byte[] frame = new byte[length];
        head.CopyTo(frame, 0);
        ReceiveExact(frame.AsSpan(3), start, timeout, token);
        if (!ModbusCrc.IsValid(frame))
        {
            throw new ModbusFrameException($"Modbus unit {unitId}: CRC mismatch in a {length}-byte answer.");
        }

        if (frame[0] != unitId)
        {
            throw new ModbusFrameException($"Modbus unit {unitId}: answer from unit {frame[0]}.");
        }

        if (length == 5 && (frame[1] & 0x80) != 0)
        {
            throw new ModbusException(unitId, function, (ModbusExceptionCode)frame[2]);
        }

        return frame;
    }

    /// <summary>Fills <paramref name="destination"/> from the line; <see cref="TimeoutException"/> once <paramref name="timeout"/> after <paramref name="start"/> has passed.</summary>
    private void ReceiveExact(Span<byte> destination, long start, TimeSpan timeout, CancellationToken token)
    {
        int filled = 0;
        long seen = _received.Version;
        while ((filled = _received.Take(destination, filled)) < destination.Length)
        {
            token.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            TimeSpan left = timeout - _timeProvider.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            Pause(left, seen);
            seen = _received.Version;
        }
    }

    private void WaitForSilence(CancellationToken cancellationToken)
    {
        // Wait until neither side has put a byte on the line for 3.5 characters (§2.5.1.1); a late answer keeps it busy
        // and is discarded.
        while (true)
        {
            long seen = _received.Version;
            _received.Clear();
            long last = Math.Max(_lastSent, _received.LastReceived);
            TimeSpan quiet = last == 0 ? TimeSpan.MaxValue : _timeProvider.GetElapsedTime(last);
            if (quiet >= _options.InterFrameDelay)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposed != 0, this);

            // Waits count whole milliseconds and drop the fraction: round up, or the last fraction of the silence (a
            // wait under one millisecond) would come back at once and this loop would spin until the silence is over.
            Pause(TimeSpan.FromMilliseconds(Math.Ceiling((_options.InterFrameDelay - quiet).TotalMilliseconds)), seen);
        }
    }

    /// <summary>
    /// Blocks the bus thread for <paramref name="span"/> on the master's clock, or until a byte arrives, the stream
    /// fails, or the job is cancelled. On the system clock that is a monitor wait with a timeout: the bus thread alone
    /// wakes (no timer queue, no pool thread). Any other clock (a test's) ends the wait with one of its own timers.
    /// <paramref name="seen"/> is the buffer's version when the caller last looked: a change since returns at once.
    /// </summary>
    private void Pause(TimeSpan span, long seen)
    {
        if (_systemClock)
        {
            _received.Wait(span, seen);
            return;
        }

        using ITimer timer = _timeProvider.CreateTimer(static s => ((IByteReceiver)s!).Pulse(), _received, span, Timeout.InfiniteTimeSpan);
        _received.Wait(Timeout.InfiniteTimeSpan, seen);
    }

    private TimeSpan TransmitTime(int bytes) =>
        TimeSpan.FromSeconds((double)bytes * _options.BitsPerCharacter / _options.BaudRate);

    private async Task ReadLoopAsync()
    {
        byte[] buffer = new byte[256];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    _loopBuffer!.Fail(new EndOfStreamException("The serial stream ended."));
                    return;
                }

                _loopBuffer!.Add(buffer.AsSpan(0, n), _timeProvider.GetTimestamp());
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _loopBuffer!.Fail(e);
        }
    }
}
