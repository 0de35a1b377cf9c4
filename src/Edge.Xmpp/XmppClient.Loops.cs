using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp;

public sealed partial class XmppClient
{
    /// <summary>
    /// One established client session: the shared receive and writer loops (<see cref="StreamSession"/>) with what a
    /// client adds to them, XEP-0198 (stanzas tracked as they are written, acks asked for, the final <c>&lt;a/&gt;</c>)
    /// and the liveness ping as the side loop.
    /// </summary>
    private sealed class Session : StreamSession
    {
        private readonly XmppClient _client;
        private int _unrequested; // stanzas sent since the last <r/> (the writer loop's alone)

        public Session(XmppClient client, XmppConnection connection, bool smEnabled, bool resumed)
            : base(connection, client._logger)
        {
            _client = client;
            SmEnabled = smEnabled;
            Resumed = resumed;
        }

        public bool SmEnabled { get; }

        public bool Resumed { get; }

        /// <summary>
        /// After the session ended: waits (a bounded time) for its loops to stop, so nothing more is tracked or counted
        /// for the dead stream, then takes the messages and presence that were queued but never written. They were
        /// accepted by <see cref="StreamSession.EnqueueAsync(XElement, CancellationToken)"/>, so the next session sends
        /// them (after what a resumption resends); IQs are left out, their callers having been failed with the
        /// connection, and so are the dead stream's XEP-0198 nonzas.
        /// </summary>
        public async Task<List<OutgoingStanza>> TakeUnsentAsync()
        {
            try
            {
                await Loops.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or XmppException)
            {
                // Stopped by a failure (already reported), or stuck in a handler: what is queued is taken all the same.
            }

            var unsent = new List<OutgoingStanza>();
            while (Outbound.TryRead(out var batch))
            {
                foreach (var element in batch)
                {
                    if (element.IsStanza && element.LocalName != "iq")
                    {
                        unsent.Add(element);
                    }
                }
            }

            return unsent;
        }

        protected override Task RouteAsync(XElement element, CancellationToken token) => _client.RouteAsync(this, element, token);

        protected override void Write(OutgoingStanza stanza)
        {
            if (SmEnabled && stanza.IsStanza)
            {
                _client.TrackOutbound(stanza);
                _unrequested++;
            }

            Connection.Write(stanza);
            if (stanza.IsStanza)
            {
                Interlocked.Increment(ref _client._stanzasSent);
            }
        }

        /// <summary>With stanzas unacknowledged, asks for the ack once the writer has been idle for AckRequestDelay.</summary>
        protected override async ValueTask<bool> WaitToWriteAsync(ChannelReader<OutgoingStanza[]> queue, CancellationToken token)
        {
            var options = _client._options;
            while (_unrequested > 0)
            {
                // At once when the delay is zero.
                using var idle = new CancellationTokenSource(options.AckRequestDelay, _client._time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, idle.Token);
                try
                {
                    return options.AckRequestDelay > TimeSpan.Zero
                        ? await queue.WaitToReadAsync(linked.Token).ConfigureAwait(false)
                        : throw new OperationCanceledException(idle.Token);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    await Connection.WriteAsync(new XElement(SmNamespace + "r"), token).ConfigureAwait(false);
                    _unrequested = 0;
                }
            }

            return await queue.WaitToReadAsync(token).ConfigureAwait(false);
        }

        /// <summary>
        /// XEP-0198 §4: either side may send <c>&lt;r/&gt;</c> at any time. A write that carries a sender's batch asks
        /// for the batch's ack in the same write (§5.2: ask when there is other data to send): no idle timer to arm and
        /// fire, no second write and no second answer to read a moment later. A lone stanza waits for the writer to be
        /// idle (AckRequestDelay: request/answer exchanges against Nagle's algorithm).
        /// </summary>
        protected override void OnBatchWritten(bool severalAtOnce)
        {
            if (_unrequested >= _client._options.AckRequestBatch || (_unrequested > 0 && severalAtOnce))
            {
                Connection.Write(new XElement(SmNamespace + "r"));
                _unrequested = 0;
            }
        }

        /// <summary>
        /// A graceful close with XEP-0198 on: first tell the server what we handled (ejabberd re-routes every stanza
        /// still unacknowledged when a stream ends: messages we did handle would be delivered again elsewhere). After a
        /// stream error the queue completes too, but no <c>&lt;a/&gt;</c> follows it.
        /// </summary>
        protected override Task OnStreamEndingAsync(CancellationToken token) =>
            SmEnabled && Closing ? Connection.WriteAsync(_client.InboundAck(), token) : Task.CompletedTask;

        protected override bool HasSideLoop => true;

        /// <summary>The liveness ping (XEP-0199) every PingInterval.</summary>
        protected override async Task SideLoopAsync(CancellationToken token)
        {
            if (_client._options.PingInterval <= TimeSpan.Zero)
            {
                return;
            }

            using var timer = new PeriodicTimer(_client._options.PingInterval, _client._time);
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                var framesBefore = FramesReceived;
                var timeout = Min(_client._options.IqTimeout, TimeSpan.FromSeconds(20));
                try
                {
                    await _client.PingAsync(Jid.Create(null, _client.Jid.Domain), token, timeout).ConfigureAwait(false);
                }
                catch (XmppTimeoutException e)
                {
                    // A server that went on sending (acks, answers to what we sent before the ping) is slow, not gone:
                    // the ping waits behind our own backlog in its input. Dropping the connection then only costs the
                    // session (and, on Prosody 0.12, a resumption that can fail: see Internal.FrameWriter).
                    if (FramesReceived != framesBefore)
                    {
                        Log.PingLateServerBusy(_client._logger, timeout);
                        continue;
                    }

                    Log.PingTimeout(_client._logger);
                    throw new XmppConnectionException(ConnectionFailure.Socket, "The server stopped answering pings.", e);
                }
            }
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }

    private static bool IsStanza(XElement element) =>
        element.Name.Namespace == XmppNamespaces.Client && element.Name.LocalName is "iq" or "message" or "presence";

    /// <summary>
    /// Routes what the receive loop framed (a stream error or the stream's end never gets here): XEP-0198 nonzas to
    /// stream management, stanzas (counted) to <see cref="StanzaRouter.RouteAsync"/>.
    /// </summary>
    private Task RouteAsync(Session session, XElement element, CancellationToken token)
    {
        if (IsStanza(element))
        {
            Interlocked.Increment(ref _stanzasReceived);
        }

        if (element.Name.Namespace == SmNamespace)
        {
            return HandleSmNonzaAsync(session, element, token);
        }

        if (!IsStanza(element))
        {
            return Task.CompletedTask;
        }

        if (session.SmEnabled)
        {
            CountInbound();
        }

        return _core.Router.RouteAsync(element, _core.Iqs, BoundJid, session.EnqueueAsync, fromAddressee: false, token);
    }
}
