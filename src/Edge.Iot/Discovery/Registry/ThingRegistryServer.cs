using System.Xml.Linq;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.Discovery.Registry;

/// <summary>
/// The registry's side of XEP-0347 on an <see cref="IXmppEndpoint"/> (an XEP-0114 component, or a client account):
/// reads each request with <see cref="DiscoveryCodec"/>, applies <see cref="ThingRegistry"/>, answers, and tells things
/// what happened to them (<c>claimed</c>, <c>removed</c>, <c>disowned</c>). Registering it advertises
/// <c>urn:xmpp:iot:discovery</c> in disco#info.
/// </summary>
public sealed class ThingRegistryServer
{
    private static readonly XNamespace Ns = DiscoveryNamespaces.Discovery;
    private readonly IXmppEndpoint _endpoint;
    private readonly ThingRegistry _registry;
    private readonly ILogger _logger;

    private ThingRegistryServer(IXmppEndpoint endpoint, ThingRegistry registry, ILogger logger)
    {
        _endpoint = endpoint;
        _registry = registry;
        _logger = logger;
    }

    /// <summary>Registers the handlers of every request a registry receives, with the disco feature.</summary>
    public static ThingRegistryServer Register(IXmppEndpoint endpoint, ThingRegistry registry, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(registry);
        var server = new ThingRegistryServer(endpoint, registry, logger ?? NullLogger.Instance);
        endpoint.RegisterIqHandler(Ns + "register", (iq, ct) => server.HandleAsync(iq, "set", server.RegisterAsync, ct), DiscoveryNamespaces.Feature);
        endpoint.RegisterIqHandler(Ns + "mine", (iq, ct) => server.HandleAsync(iq, "set", server.MineAsync, ct));
        endpoint.RegisterIqHandler(Ns + "update", (iq, ct) => server.HandleAsync(iq, "set", server.UpdateAsync, ct));
        endpoint.RegisterIqHandler(Ns + "remove", (iq, ct) => server.HandleAsync(iq, "set", server.RemoveAsync, ct));
        endpoint.RegisterIqHandler(Ns + "unregister", (iq, ct) => server.HandleAsync(iq, "set", server.UnregisterAsync, ct));
        endpoint.RegisterIqHandler(Ns + "disown", (iq, ct) => server.HandleAsync(iq, "set", server.DisownAsync, ct));
        endpoint.RegisterIqHandler(Ns + "search", (iq, ct) => server.HandleAsync(iq, "get", server.SearchAsync, ct));
        return server;
    }

    private async ValueTask<IqReply> HandleAsync(XElement iq, string type, Func<Jid, XElement, CancellationToken, Task<IqReply>> handle,
        CancellationToken cancellationToken)
    {
        var payload = iq.Elements().First();
        if (!Jid.TryParse((string?)iq.Attribute("from"), out var from))
        {
            return Refuse(payload, "(none)", StanzaError.BadRequest("A discovery request needs a sender."));
        }

        if ((string?)iq.Attribute("type") != type)
        {
            return Refuse(payload, from.ToString(), StanzaError.BadRequest($"<{payload.Name.LocalName}/> is sent in an IQ {type}."));
        }

        try
        {
            return await handle(from, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscoveryRequestException e)
        {
            return Refuse(payload, from.ToString(), new StanzaError("modify", "not-acceptable", e.Message));
        }
    }

    private IqReply Refuse(XElement payload, string from, StanzaError error)
    {
        Log.DiscoveryRequestRefused(_logger, payload.Name.LocalName, from, error.Text ?? error.Condition);
        return IqReply.Fail(error);
    }

    private IqReply BadRequest(XElement payload, Jid from, string reason) => Refuse(payload, from.ToString(), StanzaError.BadRequest(reason));

    private async Task<IqReply> RegisterAsync(Jid from, XElement payload, CancellationToken ct)
    {
        if (!DiscoveryCodec.TryReadRegister(payload, out var request, out var error))
        {
            return BadRequest(payload, from, error);
        }

        var claimed = await _registry.RegisterAsync(from, request, ct).ConfigureAwait(false);
        if (claimed is not null)
        {
            Log.ThingAlreadyClaimed(_logger, from.Bare.ToString(), claimed.Jid.ToString());
            return IqReply.Result(DiscoveryCodec.Claimed(claimed));
        }

        Log.ThingRegistered(_logger, from.Bare.ToString(), request.Tags.Count);
        return IqReply.Result();
    }

    private async Task<IqReply> MineAsync(Jid from, XElement payload, CancellationToken ct)
    {
        if (!DiscoveryCodec.TryReadMine(payload, out var request, out var error))
        {
            return BadRequest(payload, from, error);
        }

        var outcome = await _registry.ClaimAsync(from, request, ct).ConfigureAwait(false);
        if (outcome is null)
        {
            Log.ClaimRefused(_logger, from.Bare.ToString());
            return IqReply.Fail(StanzaError.ItemNotFound());
        }

        var thing = outcome.Thing;
        var reply = IqReply.Result(DiscoveryCodec.Claimed(new ClaimedInfo(thing.Thing, thing.Node, thing.IsPublic)));
        if (!outcome.NewlyClaimed)
        {
            return reply;
        }

        Log.ThingClaimed(_logger, from.Bare.ToString(), Describe(thing), thing.IsPublic ? "public" : "private");

        // The owner's answer first, then the thing learns its owner (§Claiming Ownership, "Ownership claimed"). A thing
        // that is offline now learns it from the result of its next register.
        return reply.Then(token => PushAsync(thing, DiscoveryCodec.Claimed(new ClaimedInfo(thing.Owner!, thing.Node, thing.IsPublic)), token));
    }

    private async Task<IqReply> UpdateAsync(Jid from, XElement payload, CancellationToken ct)
    {
        if (!DiscoveryCodec.TryReadUpdate(payload, out var request, out var error))
        {
            return BadRequest(payload, from, error);
        }

        var outcome = await _registry.UpdateAsync(from, request, ct).ConfigureAwait(false);
        Log.ThingUpdated(_logger, from.ToString(), (request.Thing ?? from).Bare.ToString(), outcome.ToString());
        return outcome switch
        {
            UpdateOutcome.Updated => IqReply.Result(),
            UpdateOutcome.Disowned => IqReply.Result(DiscoveryCodec.NodeOnly("disowned", request.Node)),
            _ => IqReply.Fail(StanzaError.ItemNotFound()),
        };
    }

    private async Task<IqReply> RemoveAsync(Jid from, XElement payload, CancellationToken ct)
    {
        if (!DiscoveryCodec.TryReadThingRequest(payload, "remove", out var thing, out var error))
        {
            return BadRequest(payload, from, error);
        }

        var removed = await _registry.RemoveAsync(from, thing, ct).ConfigureAwait(false);
        if (removed is null)
        {
            return IqReply.Fail(StanzaError.ItemNotFound());
        }

        Log.ThingRemoved(_logger, from.Bare.ToString(), Describe(removed));
        return IqReply.Result().Then(token => PushAsync(removed, DiscoveryCodec.NodeOnly("removed", removed.Node), token));
    }

    private async Task<IqReply> UnregisterAsync(Jid from, XElement payload, CancellationToken ct)
    {
        await _registry.UnregisterAsync(from, DiscoveryCodec.ReadNode(payload), ct).ConfigureAwait(false);
        Log.ThingUnregistered(_logger, from.Bare.ToString());
        return IqReply.Result();
    }

    /// <summary>
    /// §Disowning Thing: the thing is told <c>disowned</c> before the owner gets an answer; only its acknowledgement
    /// completes the disown. Offline, an error or no answer in time: <c>not-allowed</c>, and it stays the owner's.
    /// </summary>
    private async Task<IqReply> DisownAsync(Jid from, XElement payload, CancellationToken ct)
    {
        if (!DiscoveryCodec.TryReadThingRequest(payload, "disown", out var reference, out var error))
        {
            return BadRequest(payload, from, error);
        }

        var thing = await _registry.FindOwnedAsync(from, reference, ct).ConfigureAwait(false);
        if (thing is null)
        {
            return IqReply.Fail(StanzaError.ItemNotFound());
        }

        string? refusal;
        try
        {
            var answer = await _endpoint.SendIqAsync(_endpoint.CreateIq("set", thing.Address, DiscoveryCodec.NodeOnly("disowned", thing.Node)), ct,
                _registry.Options.DisownTimeout).ConfigureAwait(false);
            refusal = answer.Error is { } e ? e.Condition : null;
        }
        catch (XmppException e)
        {
            refusal = e.Message;
        }

        if (refusal is not null)
        {
            Log.DisownRefused(_logger, Describe(thing), from.Bare.ToString(), refusal);
            return IqReply.Fail(new StanzaError("cancel", "not-allowed", "The thing did not acknowledge being disowned (offline?)."));
        }

        if (!await _registry.CompleteDisownAsync(from, thing, ct).ConfigureAwait(false))
        {
            return IqReply.Fail(StanzaError.ItemNotFound());
        }

        Log.ThingDisowned(_logger, from.Bare.ToString(), thing.Thing.ToString());
        return IqReply.Result();
    }

    private async Task<IqReply> SearchAsync(Jid from, XElement payload, CancellationToken ct)
    {
        if (!DiscoveryCodec.TryReadSearch(payload, out var request, out var error))
        {
            return BadRequest(payload, from, error);
        }

        var result = await _registry.SearchAsync(request, ct).ConfigureAwait(false);
        Log.ThingsSearched(_logger, from.ToString(), request.Operators.Count, result.Things.Count, result.More);
        return IqReply.Result(DiscoveryCodec.Found(result));
    }

    private static string Describe(ThingRecord thing) => thing.Node.IsNone ? thing.Thing.ToString() : $"{thing.Thing} {thing.Node}";

    /// <summary>Tells a thing what happened (its full JID as last seen); an error or no answer is logged, nothing more.</summary>
    private async Task PushAsync(ThingRecord thing, XElement payload, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _endpoint.SendIqAsync(_endpoint.CreateIq("set", thing.Address, payload), cancellationToken).ConfigureAwait(false);
            if (answer.Error is { } error)
            {
                Log.PushFailed(_logger, thing.Address.ToString(), payload.Name.LocalName, error.Condition);
            }
        }
        catch (XmppException e)
        {
            Log.PushFailed(_logger, thing.Address.ToString(), payload.Name.LocalName, e.Message);
        }
    }
}
