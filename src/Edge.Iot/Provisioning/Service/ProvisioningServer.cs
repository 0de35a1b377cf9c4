using System.Collections.Concurrent;
using System.Xml.Linq;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.Provisioning.Service;

/// <summary>
/// The provisioning service's side of XEP-0324 on an <see cref="IXmppEndpoint"/> (the registry's component): answers
/// <c>isFriend</c>, <c>canRead</c> and <c>canControl</c> from the owner's rules (<see cref="ProvisioningDecisions"/>),
/// and pushes <c>clearCache</c> (§Clear cache) to the things a rule change touches. A push that does not get its
/// <c>clearCacheResponse</c> stays owed in the store and is sent again when the thing next asks anything, and on
/// <see cref="RetryPendingAsync"/> (the host calls it whenever the component (re)connects).
/// Registering it advertises <c>urn:xmpp:iot:provisioning</c>.
/// </summary>
public sealed class ProvisioningServer
{
    private static readonly XNamespace Ns = ProvisioningNamespaces.Provisioning;
    private readonly IXmppEndpoint _endpoint;
    private readonly IRuleStore _store;
    private readonly ILogger _logger;

    // The full JID each thing last asked from: where pushes go (an IQ to a bare JID is the server's, not the device's).
    private readonly ConcurrentDictionary<Jid, Jid> _lastSeen = new();

    private ProvisioningServer(IXmppEndpoint endpoint, IRuleStore store, ILogger logger)
    {
        _endpoint = endpoint;
        _store = store;
        _logger = logger;
    }

    public IRuleStore Store => _store;

    public static ProvisioningServer Register(IXmppEndpoint endpoint, IRuleStore store, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(store);
        var server = new ProvisioningServer(endpoint, store, logger ?? NullLogger.Instance);
        endpoint.RegisterIqHandler(Ns + "isFriend", server.HandleAsync, ProvisioningNamespaces.Feature);
        endpoint.RegisterIqHandler(Ns + "canRead", server.HandleAsync);
        endpoint.RegisterIqHandler(Ns + "canControl", server.HandleAsync);
        return server;
    }

    /// <summary>
    /// Records, durably, that every thing <paramref name="rule"/> concerns owes a <c>clearCache</c> — before the rule
    /// change itself, so that a crash between the two costs at most a needless clearCache, never a missed one.
    /// </summary>
    public async Task<IReadOnlyList<(Jid Thing, Jid Address)>> MarkAffectedAsync(ProvisioningRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var affected = (await _store.ThingsOfAsync(rule.Owner, cancellationToken).ConfigureAwait(false))
            .Where(t => rule.Thing is null || rule.Thing.Equals(t.Thing)).ToList();
        foreach (var (thing, _) in affected)
        {
            await _store.SetClearCachePendingAsync(thing, true, cancellationToken).ConfigureAwait(false);
        }

        return affected;
    }

    /// <summary>Sends <c>clearCache</c> to the things <see cref="MarkAffectedAsync"/> returned (after the change is answered).</summary>
    public async Task PushClearCacheAsync(IReadOnlyList<(Jid Thing, Jid Address)> affected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(affected);
        foreach (var (thing, address) in affected)
        {
            await PushClearCacheAsync(thing, _lastSeen.GetValueOrDefault(thing, address), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends every owed <c>clearCache</c> again.</summary>
    public async Task RetryPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var thing in await _store.ListClearCachePendingAsync(cancellationToken).ConfigureAwait(false))
        {
            var address = _lastSeen.GetValueOrDefault(thing)
                ?? (await _store.OwnerOfAsync(thing, cancellationToken).ConfigureAwait(false) is { } owner
                    ? (await _store.ThingsOfAsync(owner, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.Thing.Equals(thing)).Address
                    : null);
            if (address is not null)
            {
                await PushClearCacheAsync(thing, address, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PushClearCacheAsync(Jid thing, Jid address, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _endpoint.SendIqAsync(_endpoint.CreateIq("set", address, ProvisioningCodec.ClearCache()), cancellationToken,
                TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (response.IsError)
            {
                Log.ClearCacheOwed(_logger, address.ToString(), response.Error!.ToString());
                return;
            }

            await _store.SetClearCachePendingAsync(thing, false, cancellationToken).ConfigureAwait(false);
            Log.ClearCacheSent(_logger, address.ToString());
        }
        catch (XmppException e)
        {
            Log.ClearCacheOwed(_logger, address.ToString(), e.Message);
        }
    }

    private async ValueTask<IqReply> HandleAsync(XElement iq, CancellationToken cancellationToken)
    {
        var payload = iq.Elements().First();
        if (!Jid.TryParse((string?)iq.Attribute("from"), out var from))
        {
            return IqReply.Fail(StanzaError.BadRequest("A provisioning question needs a sender."));
        }

        if ((string?)iq.Attribute("type") != "get")
        {
            return Refuse(payload, from, $"<{payload.Name.LocalName}/> is sent in an IQ get.");
        }

        var thing = from.Bare;
        var owner = await _store.OwnerOfAsync(thing, cancellationToken).ConfigureAwait(false);
        var rules = owner is null ? [] : await _store.ListAsync(owner, cancellationToken).ConfigureAwait(false);
        XElement answer;
        string summary;
        switch (payload.Name.LocalName)
        {
            case "isFriend":
                if (!ProvisioningCodec.TryReadIsFriend(payload, out var jid, out var error))
                {
                    return Refuse(payload, from, error);
                }

                var friend = ProvisioningDecisions.IsFriend(thing, owner, rules, jid);
                (answer, summary) = (ProvisioningCodec.IsFriendResponse(friend), friend.Result ? "yes" : "no");
                break;
            case "canRead":
                if (!ProvisioningCodec.TryReadCanRead(payload, out var read, out error))
                {
                    return Refuse(payload, from, error);
                }

                var readable = ProvisioningDecisions.CanRead(thing, owner, rules, read);
                (answer, summary) = (ProvisioningCodec.CanReadResponse(readable), Summary(readable.Result, readable.Nodes.Count, readable.FieldNames.Count));
                break;
            default:
                if (!ProvisioningCodec.TryReadCanControl(payload, out var control, out error))
                {
                    return Refuse(payload, from, error);
                }

                var controllable = ProvisioningDecisions.CanControl(thing, owner, rules, control);
                (answer, summary) = (ProvisioningCodec.CanControlResponse(controllable),
                    Summary(controllable.Result, controllable.Nodes.Count, controllable.ParameterNames.Count));
                break;
        }

        Log.Decided(_logger, payload.Name.LocalName, thing.ToString(), (string?)payload.Attribute("jid") ?? "?",
            owner is null ? "unclaimed" : summary);
        var reply = IqReply.Result(answer);
        var previous = _lastSeen.GetValueOrDefault(thing);
        _lastSeen[thing] = from;
        if (previous is null || !previous.Equals(from))
        {
            // A device that (re)appears gets what it missed while offline (§Clear cache: "must send … when the device
            // comes online again").
            return reply.Then(async token =>
            {
                if ((await _store.ListClearCachePendingAsync(token).ConfigureAwait(false)).Contains(thing))
                {
                    await PushClearCacheAsync(thing, from, token).ConfigureAwait(false);
                }
            });
        }

        return reply;
    }

    private static string Summary(bool result, int nodes, int names) =>
        !result ? "no" : nodes == 0 && names == 0 ? "yes" : $"yes, {nodes} node(s), {names} name(s)";

    private IqReply Refuse(XElement payload, Jid from, string reason)
    {
        Log.ProvisioningRequestRefused(_logger, payload.Name.LocalName, from.ToString(), reason);
        return IqReply.Fail(StanzaError.BadRequest(reason));
    }
}
