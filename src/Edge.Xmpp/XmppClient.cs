using System.Xml.Linq;
using Edge.Xmpp.Internal;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Xmpp;

/// <summary>
/// An RFC 6120/6121 client session that stays up: STARTTLS, SASL, bind, XEP-0198 stream management, IQ tracking,
/// inbound IQ dispatch (every get/set answered), liveness pings and reconnect with backoff.
/// </summary>
/// <remarks>
/// Split by concern: <c>XmppClient.Negotiation.cs</c> (stream setup), <c>XmppClient.Exi.cs</c> (EXI, XEP-0322),
/// <c>XmppClient.Loops.cs</c> (what the client adds to the shared session loops of <c>Internal/StreamSession</c>:
/// XEP-0198 on the writer, the ping, routing), <c>XmppClient.StreamManagement.cs</c> (XEP-0198),
/// <c>XmppClient.Reconnect.cs</c> (over <c>Internal/EndpointCore</c>, shared with <see cref="Component.XmppComponent"/>:
/// the session's end, the reconnect loop, dispose).
/// Feature modules (disco, ping, pubsub …) register IQ handlers and disco features through
/// <see cref="RegisterIqHandler"/>.
/// </remarks>
public sealed partial class XmppClient : IXmppEndpoint, IAsyncDisposable
{
    private readonly XmppClientOptions _options;
    private readonly EndpointCore<Session> _core;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public XmppClient(XmppClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null,
        Func<IXmppTransport>? transportFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _core = new EndpointCore<Session>(options.Validate(), "XMPP", "XMPP client", "Edge.Xmpp.XmppClient", "e", loggerFactory,
            timeProvider, transportFactory);
        _options = options;
        Jid = Jid.Parse(options.Jid);
        _logger = _core.Logger;
        _time = _core.Time;
        _exiSchemas = new Lazy<Exi.ExiSchemaSet>(LoadExiSchemas);
        AddFeature("urn:xmpp:ping");
        AddFeature(Caps.EntityCapabilities.Namespace.NamespaceName);
        RegisterIqHandler(XName.Get("ping", "urn:xmpp:ping"), static (_, _) => ValueTask.FromResult(IqReply.Result()));
        Disco.DiscoResponder.Register(this);
    }

    /// <summary>The account's bare JID.</summary>
    public Jid Jid { get; }

    /// <summary>The full JID the server bound, once connected.</summary>
    public Jid? BoundJid { get; private set; }

    public XmppClientState State { get; private set; } = XmppClientState.Disconnected;

    public XmppClientOptions Options => _options;

    /// <summary>Number of sessions established (fresh logins, not resumptions).</summary>
    public int SessionCount { get; private set; }

    /// <summary>Number of successful XEP-0198 resumptions.</summary>
    public int ResumeCount { get; private set; }

    /// <summary>Raised after each successful login or resumption (on a thread-pool thread).</summary>
    public event EventHandler<XmppConnectedEventArgs>? Connected;

    /// <summary>Raised when an established connection is lost.</summary>
    public event EventHandler<XmppDisconnectedEventArgs>? Disconnected;

    /// <summary>The disco#info features this client advertises, registered by each feature module.</summary>
    public IReadOnlyCollection<string> Features => _core.Router.Features;

    /// <summary>Advertises a disco#info feature.</summary>
    public void AddFeature(string feature) => _core.Router.AddFeature(feature);

    /// <summary>
    /// Handles inbound IQ get/set whose payload (first child) has <paramref name="payload"/> as its name, and
    /// advertises <paramref name="feature"/> in disco#info in the same call.
    /// </summary>
    public void RegisterIqHandler(XName payload, IqHandler handler, string? feature = null) =>
        _core.Router.RegisterIqHandler(payload, handler, feature);

    /// <summary>Receives every inbound message stanza.</summary>
    public void OnMessage(Func<XElement, CancellationToken, ValueTask> handler) => _core.Router.OnMessage(handler);

    /// <summary>Receives every inbound presence stanza.</summary>
    public void OnPresence(Func<XElement, CancellationToken, ValueTask> handler) => _core.Router.OnPresence(handler);

    /// <summary>A fresh stanza id.</summary>
    public string NextId() => _core.NextId();

    /// <summary>Completes when the client is connected (or throws when it has failed for good).</summary>
    public Task WaitForConnectedAsync(CancellationToken cancellationToken) => _core.WaitForConnectedAsync(cancellationToken);

    /// <summary>
    /// Sends a message or presence stanza (or an IQ whose answer is not wanted). Throws
    /// <see cref="XmppConnectionException"/> (NotConnected) when there is no session: callers that must not lose data
    /// keep it (the agent's outbox) and send again after <see cref="WaitForConnectedAsync"/>.
    /// </summary>
    public Task SendAsync(XElement stanza, CancellationToken cancellationToken) => _core.SendAsync(stanza, cancellationToken);

    /// <summary>As <see cref="SendAsync(XElement, CancellationToken)"/>, for a message that writes itself (no tree).</summary>
    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _core.Current.EnqueueAsync(message, cancellationToken);
    }

    /// <summary>
    /// Sends an IQ get/set and waits for its answer. A peer error is returned as data (<see cref="IqResponse.Error"/>);
    /// no answer within <paramref name="timeout"/> (default <see cref="XmppClientOptions.IqTimeout"/>) throws
    /// <see cref="XmppTimeoutException"/>; losing the connection throws <see cref="XmppConnectionException"/>.
    /// </summary>
    public Task<IqResponse> SendIqAsync(XElement iq, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        _core.SendIqAsync(iq, timeout ?? _options.IqTimeout, cancellationToken);

    /// <summary>As <see cref="SendIqAsync(XElement, CancellationToken, TimeSpan?)"/>, for an IQ that writes itself (no tree).</summary>
    public Task<IqResponse> SendIqAsync(OutgoingIq iq, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var session = _core.Current;
        return _core.Iqs.AskAsync(iq, session.EnqueueAsync, timeout ?? _options.IqTimeout, cancellationToken);
    }

    /// <summary>
    /// Sends IQ get/sets as one batch: the writer takes them in one piece, so they leave in one write and one flush (one
    /// TLS record batch rather than one per stanza). Each request ends through its <see cref="IqRequest.OnAnswer"/>,
    /// called where the answer is read, with no thread hop per stanza; no answer within <paramref name="timeout"/>
    /// (default <see cref="XmppClientOptions.IqTimeout"/>) ends it with <see cref="XmppTimeoutException"/>. Nothing is
    /// thrown for a send that fails (not connected, connection closing, cancelled): each request of the batch ends with
    /// that failure instead.
    /// </summary>
    public async Task SendIqBatchAsync(IReadOnlyList<IqRequest> requests, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var batch = new OutgoingStanza[requests.Count];
        var ids = new string[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (request.Outgoing is { } outgoing)
            {
                batch[i] = outgoing;
                ids[i] = outgoing.Id;
                _core.Iqs.Register(ids[i], outgoing.To, outgoing.Payload.Name, timeout ?? _options.IqTimeout, request.OnAnswer);
            }
            else
            {
                var iq = request.Element!;
                batch[i] = OutgoingStanza.From(iq);
                ids[i] = IqTracker.EnsureId(iq, NextId);
                _core.Iqs.Register(ids[i], IqTracker.Addressee(iq), iq.Elements().FirstOrDefault()?.Name, timeout ?? _options.IqTimeout,
                    request.OnAnswer);
            }
        }

        try
        {
            await _core.Current.EnqueueAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException)
        {
            _core.Iqs.Fail(ids, e); // those not already ended by the connection's loss
        }
    }

    /// <summary>Builds an IQ stanza with a payload.</summary>
    public XElement CreateIq(string type, Jid? recipient, XElement? payload) => _core.CreateIq(type, null, recipient, payload);

    /// <summary>XEP-0199 ping; returns the round-trip time. Used as the liveness check.</summary>
    public async Task<TimeSpan> PingAsync(Jid? to, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var start = _time.GetTimestamp();
        var response = await SendIqAsync(CreateIq("get", to, new XElement(XName.Get("ping", "urn:xmpp:ping"))), cancellationToken, timeout)
            .ConfigureAwait(false);
        if (response.Error is { Condition: not ("service-unavailable" or "feature-not-implemented") } error)
        {
            throw new XmppStanzaErrorException("ping", error);
        }

        return _time.GetElapsedTime(start);
    }

    /// <summary>Cuts the current connection abruptly (as a network failure would). For tests and diagnostics.</summary>
    public void AbortConnection() => _core.AbortConnection();

    /// <summary>Sets <see cref="State"/>; waits for a connection end only in <see cref="XmppClientState.Connected"/>.</summary>
    private void SetState(XmppClientState state) =>
        _core.SetConnected(state == XmppClientState.Connected, () => State = state);

    /// <summary>
    /// Closes the session gracefully (what is queued is sent, then the stream ends: RFC 6120 §4.4), stops
    /// reconnecting, and fails what still waits (IQs, <see cref="WaitForConnectedAsync"/>).
    /// </summary>
    public ValueTask DisposeAsync() => _core.DisposeAsync(nameof(XmppClient), () => SetState(XmppClientState.Failed));
}
