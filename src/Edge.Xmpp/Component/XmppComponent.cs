using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Edge.Xmpp.Caps;
using Edge.Xmpp.Disco;
using Edge.Xmpp.Internal;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Xmpp.Component;

/// <summary>
/// An external component attached to a server by the XEP-0114 "accept" method: TCP to the component port, a
/// <c>jabber:component:accept</c> stream, the SHA-1 handshake, then stanzas routed through the same framer, IQ tracker
/// and IQ dispatch as <see cref="XmppClient"/> (modules see <c>jabber:client</c> stanzas either way). Reconnects with
/// backoff after a lost connection; never after the server refused the secret or the name.
/// </summary>
/// <remarks>
/// The session loops (receive, the single writer, close/abort, stream errors) are the client's
/// (<c>Internal/StreamSession</c>), and so are the session's end, the reconnect loop and dispose
/// (<c>Internal/EndpointCore</c>). What is the component's own: <c>XmppComponent.Session.cs</c> (the XEP-0114 §3
/// handshake, and the session's namespace mapping and 'from' at the wire) and, here, its disco answers.
/// </remarks>
public sealed partial class XmppComponent : IXmppEndpoint, IAsyncDisposable
{
    private readonly XmppComponentOptions _options;
    private readonly EndpointCore<Session> _core;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DiscoNode> _discoNodes = new(StringComparer.Ordinal);

    public XmppComponent(XmppComponentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null,
        Func<IXmppTransport>? transportFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _core = new EndpointCore<Session>(options.Validate(), "component", "component", "Edge.Xmpp.XmppComponent", "c", loggerFactory,
            timeProvider, transportFactory);
        _options = options;
        Jid = Jid.Parse(options.Domain);
        RegisterIqHandler(XName.Get("ping", "urn:xmpp:ping"), static (_, _) => ValueTask.FromResult(IqReply.Result()), "urn:xmpp:ping");
        RegisterIqHandler(DiscoNamespaces.Info + "query", AnswerDiscoInfo, DiscoNamespaces.Info.NamespaceName);
        RegisterIqHandler(DiscoNamespaces.Items + "query", AnswerDiscoItems, DiscoNamespaces.Items.NamespaceName);
    }

    /// <summary>
    /// Answers disco#info and disco#items for <paramref name="node"/> (XEP-0030 §3.2, §4.2), e.g. the XEP-0050 command
    /// list: each function gets the requester and returns the payload of the answer (its <c>node</c> is set here).
    /// </summary>
    public void RegisterDiscoNode(string node, Func<Jid, XElement> info, Func<Jid, XElement> items)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(items);
        if (!_discoNodes.TryAdd(node, new DiscoNode(info, items)))
        {
            throw new InvalidOperationException($"The disco node '{node}' is already registered.");
        }
    }

    /// <summary>The component's domain: stanzas it sends come from here.</summary>
    public Jid Jid { get; }

    public XmppComponentOptions Options => _options;

    /// <summary>The XEP-0030 identity disco#info answers with.</summary>
    public DiscoIdentity Identity => new(_options.IdentityCategory, _options.IdentityType, _options.Name);

    public bool IsConnected => _core.Session is not null;

    /// <summary>Number of connections established (the first and every reconnect).</summary>
    public int ConnectionCount { get; private set; }

    /// <summary>Raised after each successful handshake (on a thread-pool thread).</summary>
    public event EventHandler? Connected;

    /// <summary>Raised when an established connection is lost, with its cause.</summary>
    public event EventHandler<XmppDisconnectedEventArgs>? Disconnected;

    public IReadOnlyCollection<string> Features => _core.Router.Features;

    public void AddFeature(string feature) => _core.Router.AddFeature(feature);

    public void RegisterIqHandler(XName payload, IqHandler handler, string? feature = null) =>
        _core.Router.RegisterIqHandler(payload, handler, feature);

    public void OnMessage(Func<XElement, CancellationToken, ValueTask> handler) => _core.Router.OnMessage(handler);

    public void OnPresence(Func<XElement, CancellationToken, ValueTask> handler) => _core.Router.OnPresence(handler);

    /// <summary>A fresh stanza id.</summary>
    public string NextId() => _core.NextId();

    /// <summary>
    /// The XEP-0114 §3 handshake value: lowercase hex SHA-1 of the stream id followed by the secret, as UTF-8.
    /// (The XEP's remark on escaping XML entities concerns how the value travels; Prosody and ejabberd hash the raw
    /// characters, and the hex digest itself needs no escaping.)
    /// </summary>
    public static string HandshakeValue(string streamId, string secret)
    {
        ArgumentNullException.ThrowIfNull(streamId);
        ArgumentNullException.ThrowIfNull(secret);
#pragma warning disable CA5350 // XEP-0114 defines the handshake as SHA-1; nothing else is on offer.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(streamId + secret)));
#pragma warning restore CA5350
    }

    /// <summary>Completes when connected (or throws when the component has failed for good).</summary>
    public Task WaitForConnectedAsync(CancellationToken cancellationToken) => _core.WaitForConnectedAsync(cancellationToken);

    /// <summary>
    /// One attempt: connect, open the stream, hand-shake. Throws <see cref="XmppConnectionException"/>: Socket when
    /// the server is unreachable, Authentication (condition <c>not-authorized</c>) when it refused the secret,
    /// StreamError for any other refusal (<c>host-unknown</c>, <c>conflict</c> …). Afterwards the component reconnects
    /// by itself (<see cref="XmppComponentOptions.AutoReconnect"/>).
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_core.IsDisposed, this);
        if (_core.Session is not null)
        {
            throw new InvalidOperationException("The component is already connected.");
        }

        var session = await EstablishAsync(cancellationToken).ConfigureAwait(false);
        Activate(session);
    }

    /// <summary>Connects, retrying while the server is unreachable (backoff with jitter); a refusal is thrown at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        new Backoff(_options.ReconnectInitialDelay, _options.ReconnectMaxDelay)
            .RetryAsync(ConnectAsync, XmppClient.IsTransient, _core.Logger, _core.Time, cancellationToken);

    /// <summary>Sends a stanza; a missing 'from' becomes the component's domain (XEP-0114 §3 requires one).</summary>
    public Task SendAsync(XElement stanza, CancellationToken cancellationToken) => _core.SendAsync(stanza, cancellationToken);

    /// <summary>
    /// Sends an IQ get/set and waits for its answer from the addressee. A peer error is data (<see cref="IqResponse.Error"/>);
    /// no answer in time throws <see cref="XmppTimeoutException"/>; a lost connection <see cref="XmppConnectionException"/>.
    /// </summary>
    public Task<IqResponse> SendIqAsync(XElement iq, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        _core.SendIqAsync(iq, timeout ?? _options.IqTimeout, cancellationToken);

    /// <summary>Builds an IQ stanza with a fresh id, from the component's domain.</summary>
    public XElement CreateIq(string type, Jid? recipient, XElement? payload) => _core.CreateIq(type, Jid, recipient, payload);

    /// <summary>Cuts the current connection abruptly (as a network failure would). For tests and diagnostics.</summary>
    public void AbortConnection() => _core.AbortConnection();

    /// <summary>Closes the connection gracefully (queued stanzas, then the end of the stream), stops reconnecting.</summary>
    public ValueTask DisposeAsync() => _core.DisposeAsync(nameof(XmppComponent), null);

    private ValueTask<IqReply> AnswerDiscoInfo(XElement iq, CancellationToken cancellationToken)
    {
        if ((string?)iq.Attribute("type") != "get")
        {
            return ValueTask.FromResult(IqReply.Fail(StanzaError.BadRequest("disco#info is get only.")));
        }

        var node = (string?)iq.Elements().First().Attribute("node");
        return ValueTask.FromResult(node is null
            ? IqReply.Result(DiscoResponder.Info(Identity, Features))
            : AnswerNode(iq, node, static n => n.Info));
    }

    private ValueTask<IqReply> AnswerDiscoItems(XElement iq, CancellationToken cancellationToken)
    {
        if ((string?)iq.Attribute("type") != "get")
        {
            return ValueTask.FromResult(IqReply.Fail(StanzaError.BadRequest("disco#items is get only.")));
        }

        var node = (string?)iq.Elements().First().Attribute("node");
        return ValueTask.FromResult(node is null
            ? IqReply.Result(new XElement(DiscoNamespaces.Items + "query"))
            : AnswerNode(iq, node, static n => n.Items));
    }

    private IqReply AnswerNode(XElement iq, string node, Func<DiscoNode, Func<Jid, XElement>> pick)
    {
        if (!_discoNodes.TryGetValue(node, out var registered) || !Jid.TryParse((string?)iq.Attribute("from"), out var from))
        {
            return IqReply.Fail(StanzaError.ItemNotFound($"No node '{node}'."));
        }

        var payload = pick(registered)(from);
        payload.SetAttributeValue("node", node);
        return IqReply.Result(payload);
    }

    private sealed record DiscoNode(Func<Jid, XElement> Info, Func<Jid, XElement> Items);
}
