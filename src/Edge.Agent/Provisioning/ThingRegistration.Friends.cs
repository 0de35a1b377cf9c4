using System.Xml.Linq;
using Edge.Xmpp;

namespace Edge.Agent.Provisioning;

/// <summary>
/// Presence subscriptions (RFC 6121) of a thing with its owner and its registry (XEP-0347): after <c>claimed</c> the
/// device accepts the owner's friendship and asks for it back (§Claiming Ownership, "Ownership claimed"); a registry
/// with a JID is befriended before it is spoken to (§Finding Thing Registry, §Friendships between Things and
/// Registry) and unfriended when the device is removed; a disowned device unfriends its old owner (§Disowning Thing).
/// Requests from anybody else are left alone: who else may befriend the device is the access policy's business.
/// </summary>
public sealed partial class ThingRegistration
{
    private static readonly XNamespace RosterNs = "jabber:iq:roster";

    /// <summary>How long a JID registry has to approve our subscription before we speak to it anyway.</summary>
    private static readonly TimeSpan BefriendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Subscription requests seen while waiting for a claim: the owner may ask before the registry's <c>claimed</c> arrives.</summary>
    private readonly HashSet<Jid> _askedBeforeClaim = [];
    private TaskCompletionSource? _registryApproval;
    private readonly TaskCompletionSource<Jid> _registryOnline = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool RegistryIsAccount => _discovery is { Registry.Local: not null };

    /// <summary>On the receive loop: only notes what came; the work loop answers.</summary>
    private ValueTask OnPresenceAsync(XElement presence, CancellationToken cancellationToken)
    {
        if (!Jid.TryParse((string?)presence.Attribute("from"), out var from))
        {
            return ValueTask.CompletedTask;
        }

        switch ((string?)presence.Attribute("type"))
        {
            case "subscribe":
                _ = _work.Writer.TryWrite(new Work(WorkKind.Subscribe, null, from.Bare));
                break;
            case "subscribed" when _discovery is { } discovery && from.Bare == discovery.Registry.Bare:
                _registryApproval?.TrySetResult();
                break;
            case null when from.Resource is not null && _discovery is { } discovery && from.Bare == discovery.Registry.Bare:
                _registryOnline.TrySetResult(from); // an account registry answers at its full JID
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A subscription request: the owner's and a JID registry's are approved; one before any claim is kept for it.</summary>
    private async Task AnswerSubscriptionAsync(Jid from, CancellationToken cancellationToken)
    {
        if (_state is { State: ProvisioningState.Claimed, Owner: { } owner } && from.ToString() == owner)
        {
            await SendPresenceAsync(from, "subscribed", cancellationToken).ConfigureAwait(false);
            Log.ProvisioningFriendAccepted(_logger, from.ToString(), "owner");
        }
        else if (RegistryIsAccount && from == _discovery!.Registry.Bare)
        {
            await SendPresenceAsync(from, "subscribed", cancellationToken).ConfigureAwait(false);
            Log.ProvisioningFriendAccepted(_logger, from.ToString(), "thing registry");
        }
        else if (_state is { State: ProvisioningState.Registered } && _askedBeforeClaim.Count < 32)
        {
            _askedBeforeClaim.Add(from);
        }
    }

    /// <summary>
    /// The owner's friendship: <c>subscribed</c> approves its request (pending, or made later: RFC 6121 §3.4
    /// pre-approval), <c>subscribe</c> asks for its presence in turn; neither is sent again once the roster has it.
    /// </summary>
    private async Task BefriendOwnerAsync(CancellationToken cancellationToken)
    {
        if (_state is not { Owner: { } text } || !Jid.TryParse(text, out var owner) || _client.State != XmppClientState.Connected)
        {
            return;
        }

        var roster = await RosterAsync(cancellationToken).ConfigureAwait(false);
        var item = roster.GetValueOrDefault(owner.Bare);
        if (item.Subscription is not ("from" or "both"))
        {
            await SendPresenceAsync(owner.Bare, "subscribed", cancellationToken).ConfigureAwait(false);
        }

        if (item.Subscription is not ("to" or "both") && item.Ask != "subscribe")
        {
            await SendPresenceAsync(owner.Bare, "subscribe", cancellationToken).ConfigureAwait(false);
        }

        _askedBeforeClaim.Clear();
        Log.ProvisioningFriendAccepted(_logger, owner.Bare.ToString(), $"owner; subscription was '{item.Subscription ?? "none"}'");
    }

    /// <summary>A registry with a JID must be a friend before the device speaks to it; a component needs nothing.</summary>
    private async Task BefriendRegistryAsync(CancellationToken cancellationToken)
    {
        if (!RegistryIsAccount)
        {
            return;
        }

        var registry = _discovery!.Registry.Bare;
        var roster = await RosterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (roster.GetValueOrDefault(registry).Subscription is not ("to" or "both"))
            {
                Log.ProvisioningBefriendingRegistry(_logger, registry.ToString());
                var approval = _registryApproval = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await SendPresenceAsync(registry, "subscribe", cancellationToken).ConfigureAwait(false);
                await approval.Task.WaitAsync(BefriendTimeout, _time, cancellationToken).ConfigureAwait(false);
            }

            // Its presence follows the approval (or our initial presence): requests go to the resource it names.
            _discovery.Address = await _registryOnline.Task.WaitAsync(BefriendTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.ProvisioningRegistryNoApproval(_logger, registry.ToString(), BefriendTimeout);
        }
    }

    private Task UnfriendRegistryAsync(CancellationToken cancellationToken) =>
        RegistryIsAccount ? UnfriendAsync(_discovery!.Registry.Bare, cancellationToken) : Task.CompletedTask;

    /// <summary>Removes the contact from the roster: the server cancels the subscriptions both ways (RFC 6121 §2.5.2).</summary>
    private async Task UnfriendAsync(Jid contact, CancellationToken cancellationToken)
    {
        if (_client.State != XmppClientState.Connected)
        {
            return;
        }

        var answer = await _client.SendIqAsync(_client.CreateIq("set", null, new XElement(RosterNs + "query",
            new XElement(RosterNs + "item", new XAttribute("jid", contact.Bare.ToString()), new XAttribute("subscription", "remove")))),
            cancellationToken).ConfigureAwait(false);
        Log.ProvisioningUnfriended(_logger, contact.Bare.ToString(), answer.Error?.Condition ?? "done");
    }

    /// <summary>
    /// The roster (RFC 6121 §2.2): each contact's subscription and pending ask. Asking for it also makes this session
    /// one the server tells of subscription requests and roster changes.
    /// </summary>
    private async Task<Dictionary<Jid, (string? Subscription, string? Ask)>> RosterAsync(CancellationToken cancellationToken)
    {
        var answer = await _client.SendIqAsync(_client.CreateIq("get", null, new XElement(RosterNs + "query")), cancellationToken)
            .ConfigureAwait(false);
        var roster = new Dictionary<Jid, (string?, string?)>();
        foreach (var item in answer.Payload?.Elements(RosterNs + "item") ?? [])
        {
            if (Jid.TryParse((string?)item.Attribute("jid"), out var jid))
            {
                roster[jid.Bare] = ((string?)item.Attribute("subscription"), (string?)item.Attribute("ask"));
            }
        }

        return roster;
    }

    private Task SendPresenceAsync(Jid to, string type, CancellationToken cancellationToken) =>
        _client.SendAsync(new XElement(XmppNamespaces.Client + "presence", new XAttribute("to", to.ToString()), new XAttribute("type", type)),
            cancellationToken);
}
