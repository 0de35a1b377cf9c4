using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp.Component;

public sealed partial class XmppComponent
{
    /// <summary>Connects, opens the stream and hand-shakes (XEP-0114 §3); the connection is ready for stanzas afterwards.</summary>
    private Task<Session> EstablishAsync(CancellationToken cancellationToken)
    {
        var connection = _core.NewConnection(_options.MaxStanzaBytes);
        return connection.NegotiateAsync(token => HandshakeAsync(connection, token), _options.ConnectTimeout, _core.Time,
            $"Connecting the component to {_options.Host}:{_options.Port} timed out after {_options.ConnectTimeout}.", cancellationToken);
    }

    private async Task<Session> HandshakeAsync(XmppConnection connection, CancellationToken token)
    {
        Log.Connecting(_core.Logger, _options.Host, _options.Port, Jid.ToString());
        await connection.Transport.ConnectAsync(_options.Host, _options.Port, token).ConfigureAwait(false);

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

        Log.ComponentConnected(_core.Logger, Jid.ToString(), _options.Host, _options.Port);
        return new Session(this, connection);
    }

    private void Activate(Session session)
    {
        _core.Attach(session, () => ConnectionCount++, OnSessionEnded);
        if (Connected is { } connected)
        {
            _ = Task.Run(() => connected(this, EventArgs.Empty));
        }
    }

    private void OnSessionEnded(Session session, Exception cause)
    {
        if (_core.TryDetach(session, cause, _options.AutoReconnect, out var reconnect, out _))
        {
            _core.FinishDetach(session, cause, reconnect, ReconnectLoopAsync, this, Disconnected);
        }
    }

    private Task ReconnectLoopAsync(CancellationToken token) =>
        _core.ReconnectAsync(EstablishAsync, ActivateAsync, _options.ReconnectInitialDelay, _options.ReconnectMaxDelay, null, token);

    private Task ActivateAsync(Session session)
    {
        Activate(session);
        return Task.CompletedTask;
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

    /// <summary>
    /// One connection: the shared receive and writer loops (<see cref="StreamSession"/>) with the component's namespace
    /// at the wire. Stanzas travel as <c>jabber:component:accept</c> and carry a 'from' (XEP-0114 §3); modules see them
    /// as <c>jabber:client</c> either way.
    /// </summary>
    private sealed class Session(XmppComponent component, XmppConnection connection) : StreamSession(connection, component._core.Logger)
    {
        protected override Task RouteAsync(XElement element, CancellationToken token)
        {
            MapNamespace(element, ComponentNamespaces.Accept, XmppNamespaces.Client);
            return element.Name.Namespace == XmppNamespaces.Client
                ? component._core.Router.RouteAsync(element, component._core.Iqs, component.Jid, EnqueueAsync, fromAddressee: true, token)
                : Task.CompletedTask;
        }

        protected override void Write(OutgoingStanza stanza)
        {
            var element = stanza.ToElement();
            if (element.Name == XmppNamespaces.Streams + "error")
            {
                Connection.Write(element); // ours, closing the stream: not a stanza to address
                return;
            }

            // A copy: the caller's element stays in jabber:client; XEP-0114 §3 wants a 'from' on every stanza.
            var wire = new XElement(element);
            MapNamespace(wire, XmppNamespaces.Client, ComponentNamespaces.Accept);
            if (wire.Attribute("from") is null)
            {
                wire.SetAttributeValue("from", component.Jid.ToString());
            }

            Connection.Write(wire);
        }
    }
}
