using Edge.Hardware.FirmwareBridge.Internal;
using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.FirmwareBridge;

// Session state: the handshake, silence detection and the supervision loop (PROTOCOL.md §3).
public sealed partial class FirmwareBridgeClient
{
    private BridgeState _state = BridgeState.Idle;
    private ushort _nextCommandId = 1;
    private ushort _helloCommandId;
    private DateTimeOffset _helloSentAt;
    private DateTimeOffset _lastValidFrameAt;
    private HelloAckFrame? _pendingAck;
    private ChannelFrame?[] _pendingChannels = [];
    private FirmwareBridgeDescriptor? _descriptor;
    private long _handshakes;
    private long _commandRetries;

    private enum BridgeState
    {
        /// <summary>No session and no HELLO outstanding: send one.</summary>
        Idle,

        /// <summary>HELLO sent, waiting for HELLO_ACK and the CHANNEL frames.</summary>
        Handshaking,

        Connected,

        /// <summary>The stream failed or the client was disposed.</summary>
        Failed,
    }

    private ushort NextCommandId()
    {
        // Called under _lock. Skip ids still waiting for an answer.
        do
        {
            _nextCommandId++;
        }
        while (_pending.ContainsKey(_nextCommandId));

        return _nextCommandId;
    }

    private async Task SendHelloAsync(CancellationToken cancellationToken)
    {
        ushort id;
        lock (_lock)
        {
            if (_state == BridgeState.Failed)
            {
                return;
            }

            id = NextCommandId();
            _helloCommandId = id;
            _helloSentAt = _timeProvider.GetUtcNow();
            _state = BridgeState.Handshaking;
            _pendingAck = null;
        }

        FirmwareBridgeLog.SendingHello(_logger, Node.NodeId, id);
        await WriteAsync(new HelloFrame(id, BridgeFrameCodec.ProtocolVersion, BridgeFrameCodec.ProtocolVersion), true,
            cancellationToken).ConfigureAwait(false);
    }

    private async Task SuperviseLoopAsync(CancellationToken cancellationToken)
    {
        TimeSpan shortest = _options.HandshakeTimeout < _options.SilenceTimeout ? _options.HandshakeTimeout : _options.SilenceTimeout;
        TimeSpan tick = shortest / 10 < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : shortest / 10;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                bool hello = false;
                string? lost = null;
                lock (_lock)
                {
                    DateTimeOffset now = _timeProvider.GetUtcNow();
                    if (_state == BridgeState.Connected && now - _lastValidFrameAt >= _options.SilenceTimeout)
                    {
                        _state = BridgeState.Idle;
                        lost = $"no valid frame for {(now - _lastValidFrameAt).TotalMilliseconds:F0} ms";
                    }

                    hello = _state == BridgeState.Idle
                        || (_state == BridgeState.Handshaking && now - _helloSentAt >= _options.HandshakeTimeout);
                }

                if (lost is not null)
                {
                    FirmwareBridgeLog.SessionLost(_logger, Node.NodeId, lost);
                }

                if (hello)
                {
                    await SendHelloAsync(cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(tick, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (FirmwareBridgeException)
        {
            // The write failed: Fail() has recorded it; nothing left to supervise.
        }
    }

    /// <summary>Called under _lock when a HELLO_ACK or CHANNEL arrives.</summary>
    private void OnHandshakeFrame(BridgeFrame frame)
    {
        if (_state != BridgeState.Handshaking)
        {
            _unexpected++;
            return;
        }

        if (frame is HelloAckFrame ack)
        {
            if (ack.CommandId != _helloCommandId || ack.Version != BridgeFrameCodec.ProtocolVersion)
            {
                _unexpected++;
                return;
            }

            _pendingAck = ack;
            _pendingChannels = new ChannelFrame?[ack.ChannelCount];
        }
        else if (frame is ChannelFrame channel)
        {
            if (_pendingAck is null || channel.Index >= _pendingChannels.Length || _pendingChannels[channel.Index] is not null)
            {
                _unexpected++;
                return;
            }

            _pendingChannels[channel.Index] = channel;
        }

        if (_pendingAck is not null && Array.TrueForAll(_pendingChannels, c => c is not null))
        {
            CompleteHandshake(_pendingAck);
        }
    }

    private void CompleteHandshake(HelloAckFrame ack)
    {
        var channels = _pendingChannels.Select(c => new FirmwareBridgeChannel(c!)).ToArray();
        var descriptor = new FirmwareBridgeDescriptor(ack.DeviceId, ack.Version, new Version(ack.FirmwareMajor, ack.FirmwareMinor),
            ack.Model, channels);
        _descriptor = descriptor;
        _lastSamples = new LastSample?[channels.Length];
        _expectedSequence = 0;
        _pendingAck = null;
        _state = BridgeState.Connected;
        _handshakes++;
        FirmwareBridgeLog.SessionEstablished(_logger, Node.NodeId, ack.DeviceId, ack.Model, descriptor.FirmwareVersion,
            ack.Version, channels.Length);
        _firstSession.TrySetResult(descriptor);
    }

    /// <summary>The link is gone for good: fail what waits, stop the loops' work.</summary>
    private void Fail(Exception cause, bool log)
    {
        TaskCompletionSource<FirmwareBridgeCommandResult>[] pending;
        lock (_lock)
        {
            if (_state == BridgeState.Failed)
            {
                return;
            }

            _state = BridgeState.Failed;
            pending = [.. _pending.Values];
            _pending.Clear();
        }

        if (log)
        {
            FirmwareBridgeLog.StreamFailed(_logger, Node.NodeId, cause);
        }

        var error = cause as FirmwareBridgeException ?? new FirmwareBridgeException("The link to the MCU failed.", cause);
        foreach (TaskCompletionSource<FirmwareBridgeCommandResult> tcs in pending)
        {
            tcs.TrySetException(error);
        }

        _firstSession.TrySetException(error);
        _readings.Writer.TryComplete();
    }
}
