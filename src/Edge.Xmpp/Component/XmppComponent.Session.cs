using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Component;

public sealed partial class XmppComponent
{
    /// <summary>Opens the stream and hand-shakes (XEP-0114 §3); the connection is ready for stanzas afterwards.</summary>
    private async Task<Session> EstablishAsync(CancellationToken cancellationToken)
    {
        var transport = _transportFactory();
        var connection = new XmppConnection(transport, _options.MaxStanzaBytes, _logger);
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        try
        {
            Log.Connecting(_logger, _options.Host, _options.Port, Jid.ToString());
            await transport.ConnectAsync(_options.Host, _options.Port, token).ConfigureAwait(false);

            // §3: 'to' is the component's name; no version attribute, so no stream features follow.
            await connection.WriteRawAsync("<?xml version='1.0'?><stream:stream xmlns='" + ComponentNamespaces.Accept.NamespaceName
                + "' xmlns:stream='http://etherx.jabber.org/streams' to='" + System.Security.SecurityElement.Escape(Jid.Domain) + "'>",
                token).ConfigureAwait(false);
            var (kind, header) = await connection.ReadAsync(token).ConfigureAwait(false);
            if (kind != FrameKind.StreamHeader)
            {
                throw new XmppProtocolException("bad-format", "The server did not open a stream.");
            }

            var streamId = (string?)header!.Attribute("id");
            if (string.IsNullOrEmpty(streamId))
            {
                // The id is what the handshake hashes: without one there is nothing to authenticate against.
                throw new XmppProtocolException("invalid-id", "The server's stream header has no id.");
            }

            await connection.WriteRawAsync("<handshake>" + HandshakeValue(streamId, _options.Secret) + "</handshake>", token)
                .ConfigureAwait(false);
            XElement answer;
            try
            {
                answer = await connection.ReadElementAsync(token).ConfigureAwait(false);
            }
            catch (XmppConnectionException e) when (e.Condition == "not-authorized")
            {
                // §3: bad credentials → stream error not-authorized. A configuration fix is needed: do not retry.
                throw new XmppConnectionException(ConnectionFailure.Authentication,
                    $"The server refused the component secret for {Jid} (not-authorized).", e, e.Condition);
            }

            if (answer.Name != ComponentNamespaces.Accept + "handshake")
            {
                throw new XmppProtocolException("bad-format", $"Expected <handshake/>, got <{answer.Name.LocalName}>.");
            }

            Log.ComponentConnected(_logger, Jid.ToString(), _options.Host, _options.Port);
            return new Session(this, connection);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new XmppConnectionException(ConnectionFailure.Socket,
                $"Connecting the component to {_options.Host}:{_options.Port} timed out after {_options.ConnectTimeout}.", e);
        }
        catch (XmppProtocolException e)
        {
            await connection.SendStreamErrorAsync(e.StreamErrorCondition, e.Message).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Activate(Session session)
    {
        lock (_stateLock)
        {
            _session = session;
            ConnectionCount++;
            _connectedSignal.TrySetResult();
        }

        session.Start();
        _ = session.Ended.ContinueWith(t => OnSessionEnded(session, t.Result), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (Connected is { } connected)
        {
            _ = Task.Run(() => connected(this, EventArgs.Empty));
        }
    }

    private void OnSessionEnded(Session session, Exception cause)
    {
        lock (_stateLock)
        {
            if (!ReferenceEquals(_session, session))
            {
                return;
            }

            _session = null;
            if (_connectedSignal.Task.IsCompleted)
            {
                _connectedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        _iqs.FailAll(new XmppConnectionException(ConnectionFailure.Socket, "The connection was lost: " + cause.Message, cause));
        var disposing = _disposing.IsCancellationRequested;
        var reconnect = !disposing && _options.AutoReconnect && XmppClient.IsTransient(cause);
        if (!disposing)
        {
            Log.ConnectionLost(_logger, cause.Message, cause is XmppException ? null : cause);
        }

        _ = session.CloseAsync(graceful: false);
        if (reconnect)
        {
            _supervisor = Task.Run(() => ReconnectLoopAsync(_disposing.Token));
        }

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

    private async Task ReconnectLoopAsync(CancellationToken token)
    {
        var backoff = new Backoff(_options.ReconnectInitialDelay, _options.ReconnectMaxDelay);
        while (!token.IsCancellationRequested)
        {
            var delay = backoff.Next();
            Log.ReconnectIn(_logger, delay);
            try
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                Activate(await EstablishAsync(token).ConfigureAwait(false));
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (XmppClient.IsTransient(e))
            {
                Log.ConnectionLost(_logger, e.Message, null);
            }
            catch (Exception e)
            {
                Log.GivingUp(_logger, e.Message);
                lock (_stateLock)
                {
                    _connectedSignal.TrySetException(e);
                }

                return;
            }
        }
    }

    /// <summary>
    /// Renames every element of <paramref name="from"/> under (and including) <paramref name="root"/> into
    /// <paramref name="to"/>: stanzas travel as <c>jabber:component:accept</c> on this stream and are handled as
    /// <c>jabber:client</c> everywhere else, so modules work unchanged over a client or a component.
    /// </summary>
    private static void MapNamespace(XElement root, XNamespace from, XNamespace to)
    {
        foreach (var element in root.DescendantsAndSelf())
        {
            if (element.Name.Namespace == from)
            {
                element.Name = to + element.Name.LocalName;
            }
        }
    }

    /// <summary>One connection: a receive loop that frames and routes, and a writer loop that is the only writer.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "CloseAsync, always called when a session ends, disposes it.")]
    private sealed class Session(XmppComponent component, XmppConnection connection)
    {
        private readonly Channel<XElement> _outbound = Channel.CreateBounded<XElement>(
            new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<Exception> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _loops = Task.CompletedTask;

        public XmppConnection Connection => connection;

        public Task<Exception> Ended => _ended.Task;

        public void Start() => _loops = Task.WhenAll(Task.Run(() => GuardAsync(ReceiveLoopAsync)), Task.Run(() => GuardAsync(WriteLoopAsync)));

        public async Task EnqueueAsync(XElement stanza, CancellationToken cancellationToken)
        {
            try
            {
                await _outbound.Writer.WriteAsync(stanza, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException e)
            {
                throw new XmppConnectionException(ConnectionFailure.NotConnected, "The connection is closing.", e);
            }
        }

        public void Fail(Exception cause)
        {
            if (_ended.TrySetResult(cause))
            {
                _outbound.Writer.TryComplete();
                _stop.Cancel();
                connection.Transport.Abort();
            }
        }

        public async Task CloseAsync(bool graceful)
        {
            if (graceful && !_ended.Task.IsCompleted)
            {
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

            await connection.DisposeAsync().ConfigureAwait(false);
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
                await connection.SendStreamErrorAsync(e.StreamErrorCondition, e.Message).ConfigureAwait(false);
                Fail(e);
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }

        private async Task ReceiveLoopAsync(CancellationToken token)
        {
            while (true)
            {
                var (kind, element) = await connection.ReadAsync(token).ConfigureAwait(false);
                if (kind == FrameKind.StreamEnd)
                {
                    throw new XmppConnectionException(ConnectionFailure.StreamError, "The server closed the stream.");
                }

                if (element!.Name == XmppNamespaces.Streams + "error")
                {
                    throw XmppConnection.StreamErrorFrom(element);
                }

                MapNamespace(element, ComponentNamespaces.Accept, XmppNamespaces.Client);
                await RouteAsync(element, token).ConfigureAwait(false);
            }
        }

        private async Task RouteAsync(XElement stanza, CancellationToken token)
        {
            if (stanza.Name.Namespace != XmppNamespaces.Client)
            {
                return;
            }

            var router = component._router;
            switch (stanza.Name.LocalName)
            {
                case "iq":
                    var type = (string?)stanza.Attribute("type");
                    if (type is "result" or "error")
                    {
                        if (!component._iqs.TryComplete(stanza, component.Jid))
                        {
                            Log.UnknownIqResponse(component._logger, (string?)stanza.Attribute("id"), (string?)stanza.Attribute("from"));
                        }
                    }
                    else if (type is "get" or "set")
                    {
                        _ = Task.Run(() => router.AnswerIqAsync(stanza, EnqueueAsync, token, fromAddressee: true), CancellationToken.None);
                    }

                    break;
                case "message":
                    await router.DispatchMessageAsync(stanza, token).ConfigureAwait(false);
                    break;
                case "presence":
                    await router.DispatchPresenceAsync(stanza, token).ConfigureAwait(false);
                    break;
            }
        }

        private async Task WriteLoopAsync(CancellationToken token)
        {
            var reader = _outbound.Reader;
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var stanza))
                {
                    // A copy: the caller's element stays in jabber:client; XEP-0114 §3 wants a 'from' on every stanza.
                    var wire = new XElement(stanza);
                    MapNamespace(wire, XmppNamespaces.Client, ComponentNamespaces.Accept);
                    if (wire.Attribute("from") is null)
                    {
                        wire.SetAttributeValue("from", component.Jid.ToString());
                    }

                    connection.Write(wire);
                }

                await connection.FlushAsync(token).ConfigureAwait(false); // one write for what was queued
            }

            await connection.WriteRawAsync("</stream:stream>", token).ConfigureAwait(false);
        }
    }
}
