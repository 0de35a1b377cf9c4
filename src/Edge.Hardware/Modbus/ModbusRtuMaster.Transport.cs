using Edge.Hardware.Internal;

namespace Edge.Hardware.Modbus;

/// <summary>The framing half: one request/response on the line, with silence, timeouts and retries.</summary>
public sealed partial class ModbusRtuMaster
{
    /// <summary>Sends unit + <paramref name="pdu"/> + CRC and returns the whole validated answer (ADU).</summary>
    private async ValueTask<byte[]> TransactAsync(byte unitId, byte[] pdu, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        byte[] request = new byte[pdu.Length + 3];
        request[0] = unitId;
        pdu.CopyTo(request, 1);
        ushort crc = ModbusCrc.Compute(request.AsSpan(0, request.Length - 2));
        request[^2] = (byte)crc;
        request[^1] = (byte)(crc >> 8);
        var function = (ModbusFunctionCode)pdu[0];

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Exception? last = null;
            for (int attempt = 0; attempt <= _options.Retries; attempt++)
            {
                await WaitForSilenceAsync(cancellationToken).ConfigureAwait(false);
                _received.Clear();
                await _stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                _lastSent = _timeProvider.GetTimestamp();
                using var timer = new CancellationTokenSource(_options.ResponseTimeout + TransmitTime(request.Length),
                    _timeProvider);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
                try
                {
                    return await ReceiveAsync(unitId, function, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
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
        finally
        {
            _ = _gate.Release();
        }
    }

    private async ValueTask<byte[]> ReceiveAsync(byte unitId, ModbusFunctionCode function, CancellationToken token)
    {
        byte[] head = new byte[3];
        await _received.ReadExactAsync(head, token).ConfigureAwait(false);
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
        await _received.ReadExactAsync(frame.AsMemory(3), token).ConfigureAwait(false);
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

    private async ValueTask WaitForSilenceAsync(CancellationToken cancellationToken)
    {
        // Wait until neither side has put a byte on the line for 3.5 characters; a late answer keeps it busy.
        while (true)
        {
            long last = Math.Max(_lastSent, _received.LastReceived);
            TimeSpan quiet = last == 0 ? TimeSpan.MaxValue : _timeProvider.GetElapsedTime(last);
            if (quiet >= _options.InterFrameDelay)
            {
                return;
            }

            // Timers count whole milliseconds and drop the fraction: round up, or the last fraction of the silence
            // (a wait under one millisecond) would come back at once and this loop would spin through the timer queue
            // until the silence is over — most of the agent's CPU on a Modbus meter.
            var wait = TimeSpan.FromMilliseconds(Math.Ceiling((_options.InterFrameDelay - quiet).TotalMilliseconds));
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
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
                    _received.Fail(new EndOfStreamException("The serial stream ended."));
                    return;
                }

                _received.Add(buffer.AsSpan(0, n), _timeProvider.GetTimestamp());
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _received.Fail(e);
        }
    }
}
