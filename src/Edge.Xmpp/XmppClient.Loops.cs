using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp;

public sealed partial class XmppClient
{
    /// <summary>
    /// One established session: a receive loop that frames and routes, a writer loop that is the only writer, and the
    /// liveness ping. The first failure ends all three, once, and is reported to the client.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "CloseAsync, always called when a session ends, disposes it.")]
    private sealed class Session
    {
        private readonly XmppClient _client;
        // Each entry is one write's worth of stanzas (one sender's batch): they leave in one flush, as one TLS write.
        private readonly Channel<OutgoingStanza[]> _outbound = Channel.CreateBounded<OutgoingStanza[]>(
            new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<Exception> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _loops = Task.CompletedTask;
        private Task _writer = Task.CompletedTask;
        private bool _closing;
        private long _framesReceived; // anything the server sent on this connection: a sign of life for the ping

        public Session(XmppClient client, Internal.XmppConnection connection, bool smEnabled, bool resumed)
        {
            _client = client;
            Connection = connection;
            SmEnabled = smEnabled;
            Resumed = resumed;
        }

        public Internal.XmppConnection Connection { get; }

        public bool SmEnabled { get; }

        public bool Resumed { get; }

        /// <summary>A graceful close began: the queue takes nothing more, the stream ends after what is queued.</summary>
        public bool Closing => Volatile.Read(ref _closing);

        public Task<Exception> Ended => _ended.Task;

        public void Start()
        {
            _writer = Task.Run(() => GuardAsync(WriteLoopAsync));
            _loops = Task.WhenAll(
                Task.Run(() => GuardAsync(ReceiveLoopAsync)),
                _writer,
                Task.Run(() => GuardAsync(PingLoopAsync)));
        }

        public Task EnqueueAsync(XElement stanza, CancellationToken cancellationToken) => EnqueueAsync([OutgoingStanza.From(stanza)], cancellationToken);

        public Task EnqueueAsync(OutgoingStanza stanza, CancellationToken cancellationToken) => EnqueueAsync([stanza], cancellationToken);

        /// <summary>Queues stanzas that go out together: the writer takes them in one piece, so one flush sends them all.</summary>
        public async Task EnqueueAsync(OutgoingStanza[] batch, CancellationToken cancellationToken)
        {
            try
            {
                await _outbound.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException e)
            {
                throw new XmppConnectionException(ConnectionFailure.NotConnected, "The connection is closing.", e);
            }
        }

        /// <summary>
        /// After the session ended: waits (a bounded time) for its loops to stop, so nothing more is tracked or counted
        /// for the dead stream, then takes the messages and presence that were queued but never written. They were
        /// accepted by <see cref="EnqueueAsync(XElement, CancellationToken)"/>, so the next session sends them (after
        /// what a resumption resends); IQs are left out, their callers having been failed with the connection, and so
        /// are the dead stream's XEP-0198 nonzas.
        /// </summary>
        public async Task<List<OutgoingStanza>> TakeUnsentAsync()
        {
            try
            {
                await _loops.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or XmppException)
            {
                // Stopped by a failure (already reported), or stuck in a handler: what is queued is taken all the same.
            }

            var unsent = new List<OutgoingStanza>();
            while (_outbound.Reader.TryRead(out var batch))
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

        public void Fail(Exception cause)
        {
            if (_ended.TrySetResult(cause))
            {
                _outbound.Writer.TryComplete();
                _stop.Cancel();
                Connection.Transport.Abort();
            }
        }

        /// <summary>Ends the session: graceful sends what is queued and closes the stream; otherwise aborts.</summary>
        public async Task CloseAsync(bool graceful)
        {
            if (graceful && !_ended.Task.IsCompleted)
            {
                Volatile.Write(ref _closing, true);
                _outbound.Writer.TryComplete();
                try
                {
                    await _loops.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }

            Fail(new XmppConnectionException(ConnectionFailure.NotConnected, "The session was closed."));
            try
            {
                await _loops.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or XmppException)
            {
            }

            await Connection.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
        }

        private async Task GuardAsync(Func<CancellationToken, Task> loop)
        {
            try
            {
                await loop(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (XmppProtocolException e)
            {
                await CloseWithStreamErrorAsync(e).ConfigureAwait(false);
                Fail(e);
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }

        /// <summary>
        /// Answers hostile or malformed input with a stream error and closes our stream. The error goes through the
        /// writer loop (the only writer), after anything already queued; only if the queue is full is it written
        /// directly, the session being lost anyway.
        /// </summary>
        private async Task CloseWithStreamErrorAsync(XmppProtocolException e)
        {
            var error = new XElement(XmppNamespaces.Streams + "error", new XElement(XmppNamespaces.StreamErrors + e.StreamErrorCondition));
            if (_outbound.Writer.TryWrite([OutgoingStanza.From(error)]) && _outbound.Writer.TryComplete())
            {
                Log.SendingStreamError(_client._logger, e.StreamErrorCondition, e.Message);
                try
                {
                    await _writer.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }
            else
            {
                await Connection.SendStreamErrorAsync(e.StreamErrorCondition, e.Message).ConfigureAwait(false);
            }
        }

        private async Task ReceiveLoopAsync(CancellationToken token)
        {
            while (true)
            {
                var (kind, element) = await Connection.ReadAsync(token).ConfigureAwait(false);
                Interlocked.Increment(ref _framesReceived);
                if (kind == FrameKind.StreamEnd)
                {
                    throw new XmppConnectionException(ConnectionFailure.StreamError, "The server closed the stream.");
                }

                await _client.RouteAsync(this, element!, token).ConfigureAwait(false);
            }
        }

        private async Task WriteLoopAsync(CancellationToken token)
        {
            var reader = _outbound.Reader;
            var options = _client._options;
            var unrequested = 0; // stanzas sent since the last <r/>
            while (true)
            {
                bool more;
                if (unrequested > 0)
                {
                    // Ask for the ack once the writer has been idle for the delay (or at once when the delay is zero).
                    using var idle = new CancellationTokenSource(options.AckRequestDelay, _client._time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, idle.Token);
                    try
                    {
                        more = options.AckRequestDelay > TimeSpan.Zero
                            ? await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false)
                            : throw new OperationCanceledException(idle.Token);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        await Connection.WriteAsync(new XElement(SmNamespace + "r"), token).ConfigureAwait(false);
                        unrequested = 0;
                        continue;
                    }
                }
                else
                {
                    more = await reader.WaitToReadAsync(token).ConfigureAwait(false);
                }

                if (!more)
                {
                    break;
                }

                // Everything queued goes out as one batch: serialised into the transport's buffer, then one flush (one
                // socket/TLS write for the lot, rather than one per stanza).
                // Not past the session's end: what is still queued then goes to the next session (TakeUnsentAsync).
                var severalAtOnce = false; // a sender's batch of stanzas (a sampling cycle's publishes) is in this write
                while (!token.IsCancellationRequested && reader.TryRead(out var batch))
                {
                    severalAtOnce |= batch.Length > 1;
                    foreach (var element in batch)
                    {
                        if (SmEnabled && element.IsStanza)
                        {
                            _client.TrackOutbound(element);
                            unrequested++;
                        }

                        Connection.Write(element);
                        if (element.IsStanza)
                        {
                            Interlocked.Increment(ref _client._stanzasSent);
                        }
                    }

                    // A long queue (a backlog replayed) goes out as it is written, not held whole in the buffer.
                    if (Connection.BufferedBytes >= FrameWriter.FlushThresholdBytes)
                    {
                        await Connection.FlushAsync(token).ConfigureAwait(false);
                    }
                }

                // XEP-0198 §4: either side may send <r/> at any time. A write that carries a sender's batch asks for
                // the batch's ack in the same write (§5.2: ask when there is other data to send): no idle timer to arm
                // and fire, no second write and no second answer to read a moment later. A lone stanza waits for the
                // writer to be idle (AckRequestDelay: request/answer exchanges against Nagle's algorithm).
                if (unrequested >= options.AckRequestBatch || (unrequested > 0 && severalAtOnce))
                {
                    Connection.Write(new XElement(SmNamespace + "r"));
                    unrequested = 0;
                }

                await Connection.FlushAsync(token).ConfigureAwait(false);
            }

            // Completed for a graceful close: with XEP-0198 on, first tell the server what we handled (ejabberd re-routes
            // every stanza still unacknowledged when a stream ends: messages we did handle would be delivered again
            // elsewhere); then end our stream. (After a stream error the queue completes too, but no <a/> follows it.)
            if (SmEnabled && Closing)
            {
                await Connection.WriteAsync(_client.InboundAck(), token).ConfigureAwait(false);
            }

            await Connection.WriteStreamEndAsync(token).ConfigureAwait(false);
        }

        private async Task PingLoopAsync(CancellationToken token)
        {
            if (_client._options.PingInterval <= TimeSpan.Zero)
            {
                return;
            }

            using var timer = new PeriodicTimer(_client._options.PingInterval, _client._time);
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                var framesBefore = Volatile.Read(ref _framesReceived);
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
                    if (Volatile.Read(ref _framesReceived) != framesBefore)
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

    private async Task RouteAsync(Session session, XElement element, CancellationToken token)
    {
        if (element.Name == XmppNamespaces.Streams + "error")
        {
            throw Internal.XmppConnection.StreamErrorFrom(element);
        }

        if (IsStanza(element))
        {
            Interlocked.Increment(ref _stanzasReceived);
        }

        if (element.Name.Namespace == SmNamespace)
        {
            await HandleSmNonzaAsync(session, element, token).ConfigureAwait(false);
            return;
        }

        if (!IsStanza(element))
        {
            return;
        }

        if (session.SmEnabled)
        {
            CountInbound();
        }

        switch (element.Name.LocalName)
        {
            case "iq":
                var type = (string?)element.Attribute("type");
                if (type is "result" or "error")
                {
                    if (!_iqs.TryComplete(element, BoundJid))
                    {
                        Log.UnknownIqResponse(_logger, (string?)element.Attribute("id"), (string?)element.Attribute("from"));
                    }
                }
                else if (type is "get" or "set")
                {
                    _ = Task.Run(() => _router.AnswerIqAsync(element, session.EnqueueAsync, token), CancellationToken.None);
                }

                break;
            case "message":
                await _router.DispatchMessageAsync(element, token).ConfigureAwait(false);
                break;
            case "presence":
                await _router.DispatchPresenceAsync(element, token).ConfigureAwait(false);
                break;
        }
    }
}
