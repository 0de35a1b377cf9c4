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
/// <c>XmppClient.Loops.cs</c> (receive/writer loops and routing), <c>XmppClient.StreamManagement.cs</c> (XEP-0198),
/// <c>XmppClient.Reconnect.cs</c>.
/// Feature modules (disco, ping, pubsub …) register IQ handlers and disco features through
/// <see cref="RegisterIqHandler"/>.
/// </remarks>
public sealed partial class XmppClient : IXmppEndpoint, IAsyncDisposable
{
    private readonly XmppClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<IXmppTransport> _transportFactory;
    private readonly IqTracker _iqs;
    private readonly StanzaRouter _router;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _stateLock = new();
    private TaskCompletionSource _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Session? _session;
    private Task? _supervisor;
    private long _nextId;
    private int _disposed;

    public XmppClient(XmppClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null,
        Func<IXmppTransport>? transportFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid XMPP options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        Jid = Jid.Parse(options.Jid);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Edge.Xmpp.XmppClient");
        _router = new StanzaRouter(_logger);
        _time = timeProvider ?? TimeProvider.System;
        _iqs = new IqTracker(_time);
        _transportFactory = transportFactory ?? (() => new TcpTransport());
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
    public IReadOnlyCollection<string> Features => _router.Features;

    /// <summary>Advertises a disco#info feature.</summary>
    public void AddFeature(string feature) => _router.AddFeature(feature);

    /// <summary>
    /// Handles inbound IQ get/set whose payload (first child) has <paramref name="payload"/> as its name, and
    /// advertises <paramref name="feature"/> in disco#info in the same call.
    /// </summary>
    public void RegisterIqHandler(XName payload, IqHandler handler, string? feature = null) =>
        _router.RegisterIqHandler(payload, handler, feature);

    /// <summary>Receives every inbound message stanza.</summary>
    public void OnMessage(Func<XElement, CancellationToken, ValueTask> handler) => _router.OnMessage(handler);

    /// <summary>Receives every inbound presence stanza.</summary>
    public void OnPresence(Func<XElement, CancellationToken, ValueTask> handler) => _router.OnPresence(handler);

    /// <summary>A fresh stanza id.</summary>
    public string NextId() => "e" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Completes when the client is connected (or throws when it has failed for good).</summary>
    public Task WaitForConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_stateLock)
        {
            return State == XmppClientState.Connected ? Task.CompletedTask : _connectedSignal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sends a message or presence stanza (or an IQ whose answer is not wanted). Throws
    /// <see cref="XmppConnectionException"/> (NotConnected) when there is no session: callers that must not lose data
    /// keep it (the agent's outbox) and send again after <see cref="WaitForConnectedAsync"/>.
    /// </summary>
    public Task SendAsync(XElement stanza, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        var session = _session ?? throw NotConnected();
        return session.EnqueueAsync(stanza, cancellationToken);
    }

    /// <summary>As <see cref="SendAsync(XElement, CancellationToken)"/>, for a message that writes itself (no tree).</summary>
    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var session = _session ?? throw NotConnected();
        return session.EnqueueAsync(message, cancellationToken);
    }

    /// <summary>
    /// Sends an IQ get/set and waits for its answer. A peer error is returned as data (<see cref="IqResponse.Error"/>);
    /// no answer within <paramref name="timeout"/> (default <see cref="XmppClientOptions.IqTimeout"/>) throws
    /// <see cref="XmppTimeoutException"/>; losing the connection throws <see cref="XmppConnectionException"/>.
    /// </summary>
    public Task<IqResponse> SendIqAsync(XElement iq, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var session = _session ?? throw NotConnected();
        return _iqs.AskAsync(iq, NextId, session.EnqueueAsync, timeout ?? _options.IqTimeout, cancellationToken);
    }

    /// <summary>As <see cref="SendIqAsync(XElement, CancellationToken, TimeSpan?)"/>, for an IQ that writes itself (no tree).</summary>
    public Task<IqResponse> SendIqAsync(OutgoingIq iq, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var session = _session ?? throw NotConnected();
        return _iqs.AskAsync(iq, session.EnqueueAsync, timeout ?? _options.IqTimeout, cancellationToken);
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
                _iqs.Register(ids[i], outgoing.To, outgoing.Payload.Name, timeout ?? _options.IqTimeout, request.OnAnswer);
            }
            else
            {
                var iq = request.Element!;
                batch[i] = OutgoingStanza.From(iq);
                ids[i] = IqTracker.EnsureId(iq, NextId);
                _iqs.Register(ids[i], IqTracker.Addressee(iq), iq.Elements().FirstOrDefault()?.Name, timeout ?? _options.IqTimeout,
                    request.OnAnswer);
            }
        }

        try
        {
            var session = _session ?? throw NotConnected();
            await session.EnqueueAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException)
        {
            _iqs.Fail(ids, e); // those not already ended by the connection's loss
        }
    }

    /// <summary>Builds an IQ stanza with a payload.</summary>
    public XElement CreateIq(string type, Jid? recipient, XElement? payload)
    {
        var iq = new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", type), new XAttribute("id", NextId()));
        if (recipient is not null)
        {
            iq.SetAttributeValue("to", recipient.ToString());
        }

        if (payload is not null)
        {
            iq.Add(payload);
        }

        return iq;
    }

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
    public void AbortConnection() => _session?.Connection.Transport.Abort();

    private static XmppConnectionException NotConnected() =>
        new(ConnectionFailure.NotConnected, "The XMPP client is not connected.");

    private void SetState(XmppClientState state)
    {
        lock (_stateLock)
        {
            State = state;
            if (state == XmppClientState.Connected)
            {
                _connectedSignal.TrySetResult();
            }
            else if (_connectedSignal.Task.IsCompleted)
            {
                _connectedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void FailConnectedWaiters(Exception cause)
    {
        lock (_stateLock)
        {
            _connectedSignal.TrySetException(cause);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        var session = _session;
        if (session is not null)
        {
            await session.CloseAsync(graceful: true).ConfigureAwait(false);
        }

        if (_supervisor is not null)
        {
            try
            {
                await _supervisor.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _iqs.FailAll(new XmppConnectionException(ConnectionFailure.NotConnected, "The XMPP client was disposed."));
        _iqs.Dispose();
        SetState(XmppClientState.Failed);
        FailConnectedWaiters(new ObjectDisposedException(nameof(XmppClient)));
        _disposing.Dispose();
    }
}
