using Edge.Hardware.FirmwareBridge.Internal;
using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.FirmwareBridge;

// The receive loop: frames out of the byte stream, errors counted, readings checked against sequence and descriptor.
public sealed partial class FirmwareBridgeClient
{
    private LastSample?[] _lastSamples = [];
    private ushort _expectedSequence;
    private long _readingsAccepted;
    private long _readingsLost;
    private long _outOfOrder;
    private long _unexpected;
    private long _wrongDirection;
    private long _malformedReadings;

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[512];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int n = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    Fail(new FirmwareBridgeException("The stream to the MCU ended."), log: true);
                    return;
                }

                if (Process(buffer.AsSpan(0, n)))
                {
                    await SendHelloAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or FirmwareBridgeException
            or InvalidOperationException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Fail(ex, log: true);
            }
        }
    }

    /// <summary>Feeds received bytes through the frame reader. Returns true when a new HELLO is needed now.</summary>
    private bool Process(ReadOnlySpan<byte> bytes)
    {
        bool helloNow = false;
        lock (_lock)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            foreach (byte b in bytes)
            {
                if (!_reader.Push(b, out BridgeFrame? frame, out BridgeFrameError error))
                {
                    continue;
                }

                if (frame is null)
                {
                    FirmwareBridgeLog.FrameDropped(_logger, Node.NodeId, error);
                    continue;
                }

                _lastValidFrameAt = now;
                helloNow |= Handle(frame, now);
            }
        }

        return helloNow;
    }

    /// <summary>Called under _lock for every good frame. Returns true when the MCU asks for a new handshake.</summary>
    private bool Handle(BridgeFrame frame, DateTimeOffset now)
    {
        switch (frame)
        {
            case ReadingFrame reading:
                OnReading(reading, now);
                return false;
            case HelloAckFrame or ChannelFrame:
                OnHandshakeFrame(frame);
                return false;
            case AckFrame ack:
                Answer(ack.CommandId, FirmwareBridgeCommandResult.Ack);
                return false;
            case NakFrame nak when _state == BridgeState.Handshaking && nak.CommandId == _helloCommandId:
                // The MCU speaks none of the versions offered: nothing will get better by asking again.
                _unexpected++;
                _firstSession.TrySetException(new FirmwareBridgeException(
                    $"The MCU refused protocol version {BridgeFrameCodec.ProtocolVersion}: {nak.Reason}."));
                return false;
            case NakFrame nak:
                Answer(nak.CommandId, FirmwareBridgeCommandResult.Nak(nak.Reason));
                return false;
            case AnnounceFrame:
                if (_state == BridgeState.Connected)
                {
                    // The MCU restarted: its session (and our descriptor's validity) is gone.
                    FirmwareBridgeLog.Announced(_logger, Node.NodeId);
                    _state = BridgeState.Idle;
                    return true;
                }

                return false;
            default:
                _wrongDirection++; // HELLO or COMMAND: host → MCU frames have no business here
                return false;
        }
    }

    private void Answer(ushort commandId, FirmwareBridgeCommandResult result)
    {
        if (_pending.TryGetValue(commandId, out TaskCompletionSource<FirmwareBridgeCommandResult>? tcs) && tcs.TrySetResult(result))
        {
            return;
        }

        _unexpected++; // a late answer to a command that already completed or timed out
    }

    private void OnReading(ReadingFrame reading, DateTimeOffset now)
    {
        if (_state != BridgeState.Connected)
        {
            _unexpected++;
            return;
        }

        foreach (BridgeSample sample in reading.Samples)
        {
            if (sample.Index >= _lastSamples.Length)
            {
                _malformedReadings++;
                return;
            }
        }

        int distance = (ushort)(reading.Sequence - _expectedSequence);
        if (distance >= 0x8000)
        {
            _outOfOrder++;
            FirmwareBridgeLog.ReadingOutOfOrder(_logger, Node.NodeId, reading.Sequence, _expectedSequence);
            return;
        }

        if (distance > 0)
        {
            _readingsLost += distance;
            FirmwareBridgeLog.ReadingsLost(_logger, Node.NodeId, distance, reading.Sequence);
        }

        _expectedSequence = (ushort)(reading.Sequence + 1);
        _readingsAccepted++;
        foreach (BridgeSample sample in reading.Samples)
        {
            _lastSamples[sample.Index] = new LastSample(sample.Status, sample.Raw, now);
        }

        _readings.Writer.TryWrite(new FirmwareBridgeReading(reading.Sequence, reading.TickMilliseconds, now, reading.Samples));
    }

    private sealed record LastSample(BridgeSampleStatus Status, int Raw, DateTimeOffset ReceivedAt);
}
