using System.Xml.Linq;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.Discovery;

/// <summary>
/// Talks to a thing registry (XEP-0347) over an <see cref="IXmppEndpoint"/>: the thing's requests (register, update,
/// unregister), the owner's (mine, remove, disown, search), and — after <see cref="HandlePushes"/> — what the registry
/// tells a thing (<c>claimed</c>, <c>removed</c>, <c>disowned</c>), accepted from that registry only. A protocol "no"
/// the XEP defines is a return value; any other error is thrown as <see cref="XmppStanzaErrorException"/>.
/// </summary>
public sealed class DiscoveryClient
{
    private static readonly XNamespace Ns = DiscoveryNamespaces.Discovery;
    private readonly IXmppEndpoint _endpoint;
    private readonly ILogger _logger;
    private Jid? _address;

    public DiscoveryClient(IXmppEndpoint endpoint, Jid registry, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(registry);
        _endpoint = endpoint;
        Registry = registry;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The registry's address: a component's domain or a bare JID.</summary>
    public Jid Registry { get; }

    /// <summary>
    /// Where requests go: <see cref="Registry"/>, unless the registry is an account, which answers at a full JID (an
    /// IQ to a bare JID is the server's to answer, RFC 6120 §10.5.4): its resource seen in presence once befriended.
    /// </summary>
    public Jid Address
    {
        get => _address ?? Registry;
        set => _address = value?.Bare == Registry.Bare ? value : throw new ArgumentException($"{value} is not {Registry}.", nameof(value));
    }

    /// <summary>The registry told this thing its owner (§Claiming Ownership, "Ownership claimed").</summary>
    public event EventHandler<ClaimedInfo>? Claimed;

    /// <summary>The owner removed this thing from the registry (§Removing Thing): stop updating.</summary>
    public event EventHandler<ThingNode>? Removed;

    /// <summary>The owner disowned this thing (§Disowning Thing): drop the owner, register again.</summary>
    public event EventHandler<ThingNode>? Disowned;

    /// <summary>§Registering Thing: null = registered, waiting for a claim; otherwise already claimed (the owner).</summary>
    public async Task<ClaimedInfo?> RegisterAsync(RegisterRequest request, CancellationToken cancellationToken)
    {
        var answer = await AskAsync("set", DiscoveryCodec.Register(request), "register", cancellationToken).ConfigureAwait(false);
        return ReadClaimed(answer);
    }

    /// <summary>§Claiming Ownership: the thing (its JID and node), or null when the registry found none to give (item-not-found).</summary>
    public async Task<ClaimedInfo?> ClaimAsync(MineRequest request, CancellationToken cancellationToken)
    {
        var answer = await AskAsync("set", DiscoveryCodec.Mine(request), "mine", cancellationToken, "item-not-found").ConfigureAwait(false);
        return answer.IsError ? null : ReadClaimed(answer) ?? throw Malformed("mine", "a result without <claimed/>");
    }

    /// <summary>§Update Meta Information / §Owner updating.</summary>
    public async Task<UpdateOutcome> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var answer = await AskAsync("set", DiscoveryCodec.Update(request), "update", cancellationToken, "item-not-found").ConfigureAwait(false);
        return answer.IsError ? UpdateOutcome.NotFound
            : answer.Payload?.Name == Ns + "disowned" ? UpdateOutcome.Disowned : UpdateOutcome.Updated;
    }

    /// <summary>§Removing Thing: false when the registry has no such thing of ours (item-not-found).</summary>
    public async Task<bool> RemoveAsync(ThingReference thing, CancellationToken cancellationToken)
    {
        var answer = await AskAsync("set", DiscoveryCodec.ThingRequest("remove", thing), "remove", cancellationToken, "item-not-found")
            .ConfigureAwait(false);
        return !answer.IsError;
    }

    /// <summary>§Unregistering Thing (always acknowledged).</summary>
    public Task UnregisterAsync(ThingNode node, CancellationToken cancellationToken) =>
        AskAsync("set", DiscoveryCodec.NodeOnly("unregister", node), "unregister", cancellationToken);

    /// <summary>§Disowning Thing: null when done; otherwise the registry's refusal (item-not-found, or not-allowed: the thing is offline).</summary>
    public async Task<StanzaError?> DisownAsync(ThingReference thing, CancellationToken cancellationToken)
    {
        var answer = await AskAsync("set", DiscoveryCodec.ThingRequest("disown", thing), "disown", cancellationToken, "item-not-found", "not-allowed")
            .ConfigureAwait(false);
        return answer.Error;
    }

    /// <summary>§Search for Public Things: one page.</summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var answer = await AskAsync("get", DiscoveryCodec.Search(request), "search", cancellationToken).ConfigureAwait(false);
        if (answer.Payload is not { } found)
        {
            throw Malformed("search", "an empty result");
        }

        return DiscoveryCodec.TryReadFound(found, out var result, out var error) ? result : throw Malformed("search", error);
    }

    /// <summary>
    /// Answers the registry's pushes to a thing (<c>claimed</c>, <c>removed</c>, <c>disowned</c>) with an empty result
    /// and raises the matching event. The same element from anyone but <see cref="Registry"/> is refused (forbidden).
    /// </summary>
    public void HandlePushes()
    {
        _endpoint.RegisterIqHandler(Ns + "claimed", (iq, _) => OnPush(iq, p =>
            DiscoveryCodec.TryReadClaimed(p, out var claimed, out var error) ? Raise(Claimed, claimed) : error));
        _endpoint.RegisterIqHandler(Ns + "removed", (iq, _) => OnPush(iq, p => Raise(Removed, DiscoveryCodec.ReadNode(p))));
        _endpoint.RegisterIqHandler(Ns + "disowned", (iq, _) => OnPush(iq, p => Raise(Disowned, DiscoveryCodec.ReadNode(p))));
    }

    private ValueTask<IqReply> OnPush(XElement iq, Func<XElement, string?> handle)
    {
        var payload = iq.Elements().First();
        var from = Jid.TryParse((string?)iq.Attribute("from"), out var jid) ? jid : null;
        if (from is null || from.Bare != Registry.Bare)
        {
            Log.ForeignRegistryPush(_logger, payload.Name.LocalName, from?.ToString() ?? "(none)", Registry.ToString());
            return ValueTask.FromResult(IqReply.Fail(StanzaError.Forbidden("Only the thing registry may say this.")));
        }

        if ((string?)iq.Attribute("type") != "set")
        {
            return ValueTask.FromResult(IqReply.Fail(StanzaError.BadRequest($"<{payload.Name.LocalName}/> is sent in an IQ set.")));
        }

        Log.RegistryPush(_logger, Registry.ToString(), payload.Name.LocalName);
        var error = handle(payload);
        return ValueTask.FromResult(error is null ? IqReply.Result() : IqReply.Fail(StanzaError.BadRequest(error)));
    }

    private string? Raise<T>(EventHandler<T>? handler, T value)
    {
        handler?.Invoke(this, value);
        return null;
    }

    private async Task<IqResponse> AskAsync(string type, XElement payload, string what, CancellationToken cancellationToken,
        params string[] expectedErrors)
    {
        var answer = await _endpoint.SendIqAsync(_endpoint.CreateIq(type, Address, payload), cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error && !expectedErrors.Contains(error.Condition, StringComparer.Ordinal))
        {
            throw new XmppStanzaErrorException(what, error);
        }

        return answer;
    }

    private static ClaimedInfo? ReadClaimed(IqResponse answer) =>
        answer.Payload is { } p && p.Name == Ns + "claimed"
            ? DiscoveryCodec.TryReadClaimed(p, out var claimed, out var error) ? claimed : throw Malformed("claimed", error)
            : null;

    private static XmppProtocolException Malformed(string what, string detail) =>
        new("bad-format", $"The registry's answer to {what} is malformed: {detail}.");
}
