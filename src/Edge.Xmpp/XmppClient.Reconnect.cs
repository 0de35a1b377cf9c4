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
        ObjectDisposedException.ThrowIf(_core.IsDisposed, this);
        if (_core.Session is not null)
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
        if (session.Resumed)
        {
            ResumeCount++;
        }
        else
        {
            SessionCount++;
        }

        _core.Attach(session, () => State = XmppClientState.Connected, OnSessionEnded);
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
        if (!_core.TryDetach(session, cause, _options.AutoReconnect, out var reconnect, out var disposing))
        {
            return;
        }

        if (!disposing)
        {
            RecordFailure(cause);
        }

        SetState(reconnect ? XmppClientState.Reconnecting : disposing || IsTransient(cause) ? XmppClientState.Disconnected : XmppClientState.Failed);
        _core.FinishDetach(session, cause, reconnect, token => ReconnectLoopAsync(session, token), this, Disconnected);
    }

    private async Task ReconnectLoopAsync(Session ended, CancellationToken token)
    {
        // The ended session's writer may still be finishing a batch: resuming before it stopped would snapshot the
        // unacknowledged stanzas while it still adds to them, and what it never took from its queue would be lost.
        _pendingUnsent = await ended.TakeUnsentAsync().ConfigureAwait(false);
        await _core.ReconnectAsync(EstablishAsync, ActivateAsync, _options.ReconnectInitialDelay, _options.ReconnectMaxDelay,
            () => SetState(XmppClientState.Failed), token).ConfigureAwait(false);
    }
}
