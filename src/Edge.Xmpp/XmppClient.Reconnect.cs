using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp;

/// <summary>Connecting once, connecting until it works, and coming back after a lost connection.</summary>
public sealed partial class XmppClient
{
    /// <summary>
    /// One attempt to connect and log in. Throws <see cref="XmppConnectionException"/> naming the failure (socket,
    /// TLS, authentication). After success the client reconnects by itself when the connection is lost
    /// (<see cref="XmppClientOptions.AutoReconnect"/>).
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_session is not null)
        {
            throw new InvalidOperationException("The client is already connected.");
        }

        SetState(XmppClientState.Connecting);
        try
        {
            var session = await EstablishAsync(cancellationToken).ConfigureAwait(false);
            await ActivateAsync(session).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            RecordFailure(e);
            SetState(IsTransient(e) ? XmppClientState.Disconnected : XmppClientState.Failed);
            throw;
        }
    }

    /// <summary>
    /// Connects, retrying transient failures (server down, network away) with exponential backoff and jitter, until
    /// connected. An authentication or TLS failure is thrown at once: retrying cannot fix it.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        new Backoff(_options.ReconnectInitialDelay, _options.ReconnectMaxDelay)
            .RetryAsync(ConnectAsync, IsTransient, _logger, _time, cancellationToken, () => SetState(XmppClientState.Reconnecting));

    /// <summary>Whether trying again later can succeed without a configuration change.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        XmppConnectionException c => c.Failure is ConnectionFailure.Socket || c.IsTransient,
        XmppTimeoutException or XmppProtocolException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    private async Task ActivateAsync(Session session)
    {
        _session = session;
        if (session.Resumed)
        {
            ResumeCount++;
        }
        else
        {
            SessionCount++;
        }

        session.Start();
        _ = session.Ended.ContinueWith(t => OnSessionEnded(session, t.Result), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        SetState(XmppClientState.Connected);
        if (!session.Resumed)
        {
            if (_options.SendInitialPresence)
            {
                await session.EnqueueAsync(new XElement(XmppNamespaces.Client + "presence", Caps.EntityCapabilities.Element(this)),
                    CancellationToken.None).ConfigureAwait(false);
            }

            if (Interlocked.Exchange(ref _pendingCarryOver, null) is { } carry)
            {
                foreach (var stanza in carry)
                {
                    await session.EnqueueAsync(stanza, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        // Accepted by the ended session but never written: they follow what was resent or carried over.
        if (Interlocked.Exchange(ref _pendingUnsent, null) is { } unsent)
        {
            foreach (var stanza in unsent)
            {
                await session.EnqueueAsync(stanza, CancellationToken.None).ConfigureAwait(false);
            }
        }

        var connected = Connected;
        if (connected is not null)
        {
            var args = new XmppConnectedEventArgs(BoundJid!, session.Resumed);
            _ = Task.Run(() => connected(this, args));
        }
    }

    private List<OutgoingStanza>? _pendingUnsent;

    private void OnSessionEnded(Session session, Exception cause)
    {
        if (!ReferenceEquals(Interlocked.CompareExchange(ref _session, null, session), session))
        {
            return;
        }

        _iqs.FailAll(new XmppConnectionException(ConnectionFailure.Socket, "The connection was lost: " + cause.Message, cause));
        var disposing = _disposing.IsCancellationRequested;
        var reconnect = !disposing && _options.AutoReconnect && IsTransient(cause);
        if (!disposing)
        {
            RecordFailure(cause);
            Log.ConnectionLost(_logger, cause.Message, cause is XmppException ? null : cause);
        }

        SetState(reconnect ? XmppClientState.Reconnecting : disposing || IsTransient(cause) ? XmppClientState.Disconnected : XmppClientState.Failed);
        _ = session.CloseAsync(graceful: false);
        if (reconnect)
        {
            _supervisor = Task.Run(() => ReconnectLoopAsync(session, _disposing.Token));
        }

        // After the reconnect is under way: a handler that throws (or runs its caller's continuations inline and
        // fails there) must not cost the client its way back.
        try
        {
            Disconnected?.Invoke(this, new XmppDisconnectedEventArgs(cause, reconnect));
        }
#pragma warning disable CA1031 // a subscriber's fault is logged, never the connection's end
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, e);
        }
    }

    private async Task ReconnectLoopAsync(Session ended, CancellationToken token)
    {
        // The ended session's writer may still be finishing a batch: resuming before it stopped would snapshot the
        // unacknowledged stanzas while it still adds to them, and what it never took from its queue would be lost.
        _pendingUnsent = await ended.TakeUnsentAsync().ConfigureAwait(false);
        var backoff = new Backoff(_options.ReconnectInitialDelay, _options.ReconnectMaxDelay);
        while (!token.IsCancellationRequested)
        {
            var delay = backoff.Next();
            Log.ReconnectIn(_logger, delay);
            try
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                var session = await EstablishAsync(token).ConfigureAwait(false);
                await ActivateAsync(session).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsTransient(e))
            {
                Log.ConnectionLost(_logger, e.Message, null);
            }
            catch (Exception e)
            {
                Log.GivingUp(_logger, e.Message);
                SetState(XmppClientState.Failed);
                FailConnectedWaiters(e);
                return;
            }
        }
    }
}
