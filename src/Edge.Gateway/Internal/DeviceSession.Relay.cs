using Edge.Xmpp;
using Edge.Xmpp.Transport;

namespace Edge.Gateway.Internal;

internal sealed partial class DeviceSession
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    /// <summary>How one direction of the relay ended.</summary>
    private enum End
    {
        /// <summary>That side closed its stream; the closing tag went on to the other side.</summary>
        Closed,

        /// <summary>That side's connection dropped without a stream close.</summary>
        Lost,

        /// <summary>The device sent something the gateway refuses, or nothing for too long: it gets a stream error.</summary>
        Refused,

        /// <summary>Stopped from outside: the other direction ended, or the gateway is shutting down.</summary>
        Stopped,
    }

    /// <summary>
    /// The two loops of the relayed stream, one per direction, each writing every element it reads to the other side.
    /// When one ends the other is given <see cref="CloseGrace"/> to pass the closing tag on, then both connections go.
    /// </summary>
    private async Task<string> RelayAsync(CancellationToken shutdown)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var up = Task.Run(() => DeviceToServerAsync(stop.Token), CancellationToken.None);
        var down = Task.Run(() => ServerToDeviceAsync(stop.Token), CancellationToken.None);
        var first = await Task.WhenAny(up, down).ConfigureAwait(false);
        var (end, reason, refusal) = await first.ConfigureAwait(false);
        var other = first == up ? down : up;
        if (end == End.Closed)
        {
            await Task.WhenAny(other, Task.Delay(CloseGrace, CancellationToken.None)).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await other.ConfigureAwait(false);
        if (refusal is var (condition, text))
        {
            // Sent only now that the other loop, the device's other writer, has stopped.
            await RefuseAsync(condition, text).ConfigureAwait(false);
        }

        if (shutdown.IsCancellationRequested)
        {
            // The gateway stops: both connections are cut without a stream close, so the device reconnects and resumes
            // (XEP-0198) the session the server kept.
            AbortDevice();
            AbortServer();
            return "gateway shutting down";
        }

        return reason;
    }

    private async Task<(End End, string Reason, (string Condition, string Text)? Refusal)> DeviceToServerAsync(CancellationToken cancellationToken)
    {
        var idle = context.Options.Limits.IdleTimeout;
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var onDevice = true;
        try
        {
            while (true)
            {
                onDevice = true;
                read.CancelAfter(idle);
                var (kind, element) = await _device.ReadAsync(read.Token).ConfigureAwait(false);
                onDevice = false;
                if (kind == XmppFrameKind.StreamEnd || element is null)
                {
                    _server!.WriteEnd();
                    await _server.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return (End.Closed, "the device closed its stream", null);
                }

                if (await TryTerminateExiAsync(element, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                _server!.Write(element);
                await _server.FlushAsync(cancellationToken).ConfigureAwait(false);
                _up++;
                context.Counters.Up();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (End.Stopped, "stopped", null);
        }
        catch (OperationCanceledException) when (onDevice)
        {
            return (End.Refused, $"idle for {idle}", ("connection-timeout", $"Nothing from the device for {idle}."));
        }
        catch (XmppProtocolException e)
        {
            return (End.Refused, $"stream error {e.StreamErrorCondition}: {e.Message}", (e.StreamErrorCondition, e.Message));
        }
        catch (XmppConnectionException e) when (onDevice)
        {
            // Lost without a stream close: so is the server's stream, and the server keeps the session resumable.
            AbortServer();
            return (End.Lost, e.Message, null);
        }
        catch (XmppConnectionException e)
        {
            AbortDevice();
            return (End.Lost, "the server connection was lost: " + e.Message, null);
        }
    }

    private async Task<(End End, string Reason, (string Condition, string Text)? Refusal)> ServerToDeviceAsync(CancellationToken cancellationToken)
    {
        var onServer = true;
        try
        {
            while (true)
            {
                onServer = true;
                var (kind, element) = await _server!.ReadAsync(cancellationToken).ConfigureAwait(false);
                onServer = false;
                await _device.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (kind == XmppFrameKind.StreamEnd || element is null)
                    {
                        _device.WriteStreamEnd();
                        await _device.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return (End.Closed, "the server closed the stream", null);
                    }

                    _device.Write(element);
                    await _device.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _device.WriteLock.Release();
                }

                _down++;
                context.Counters.Down();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (End.Stopped, "stopped", null);
        }
        catch (XmppException e) when (onServer)
        {
            // The server went away (or sent what its own framer refuses): the device sees a lost connection, reconnects
            // and resumes, as it would without the gateway.
            AbortDevice();
            return (End.Lost, "the server connection was lost: " + e.Message, null);
        }
        catch (XmppConnectionException e)
        {
            AbortServer();
            return (End.Lost, e.Message, null);
        }
    }
}
