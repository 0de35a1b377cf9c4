using Edge.Hardware.FirmwareBridge.Internal;
using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.FirmwareBridge;

// Commands: register, send, wait for ACK/NAK with a timeout, retry with the same id (PROTOCOL.md §3).
public sealed partial class FirmwareBridgeClient
{
    /// <summary>
    /// Drives a digital output channel. A NAK is returned, not thrown. Once acknowledged, the new state is the channel's
    /// latest value (<see cref="ReadAsync"/> shows it before the next READING).
    /// </summary>
    /// <exception cref="FirmwareBridgeTimeoutException">No answer after every retry.</exception>
    /// <exception cref="FirmwareBridgeException">No session, or the link failed.</exception>
    public Task<FirmwareBridgeCommandResult> SetOutputAsync(int channel, bool on, CancellationToken cancellationToken) =>
        SendCommandAsync(BridgeCommandOp.SetOutput, channel, on ? 1 : 0, cancellationToken);

    /// <summary>Sets a pulse counter channel to <paramref name="count"/> (e.g. restoring a persisted count).</summary>
    /// <inheritdoc cref="SetOutputAsync" path="/exception"/>
    public Task<FirmwareBridgeCommandResult> SetCounterAsync(int channel, uint count, CancellationToken cancellationToken) =>
        SendCommandAsync(BridgeCommandOp.SetCounter, channel, unchecked((int)count), cancellationToken);

    private async Task<FirmwareBridgeCommandResult> SendCommandAsync(BridgeCommandOp op, int channel, int value,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, byte.MaxValue);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ushort id;
        var answer = new TaskCompletionSource<FirmwareBridgeCommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_state != BridgeState.Connected)
            {
                throw new FirmwareBridgeException($"No session with the MCU (state {_state}).");
            }

            id = NextCommandId();
            _pending[id] = answer; // registered before the first byte goes out
        }

        try
        {
            var frame = new CommandFrame(id, op, (byte)channel, value);
            for (int attempt = 1; ; attempt++)
            {
                await WriteAsync(frame, false, cancellationToken).ConfigureAwait(false);
                try
                {
                    FirmwareBridgeCommandResult result = await answer.Task.WaitAsync(_options.CommandTimeout, _timeProvider, cancellationToken)
                        .ConfigureAwait(false);
                    if (result.Acknowledged && op == BridgeCommandOp.SetOutput)
                    {
                        // The MCU has switched the output: until its next READING (which, on the ordered serial line,
                        // comes after this ACK) the latest value of the channel is the one just acknowledged.
                        lock (_lock)
                        {
                            if (channel < _lastSamples.Length)
                            {
                                _lastSamples[channel] = new LastSample(BridgeSampleStatus.Ok, value, _timeProvider.GetUtcNow());
                            }
                        }
                    }

                    return result;
                }
                catch (TimeoutException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    FirmwareBridgeLog.CommandTimedOut(_logger, Node.NodeId, id, attempt);
                    if (attempt > _options.CommandRetries)
                    {
                        throw new FirmwareBridgeTimeoutException(
                            $"Command {id} ({op} on channel {channel}) had no answer after {attempt} attempts.", ex);
                    }

                    lock (_lock)
                    {
                        _commandRetries++;
                    }
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _pending.Remove(id);
            }
        }
    }
}
