using System.Xml.Linq;
using Edge.Iot.Provisioning;
using Edge.Xmpp;

namespace Edge.Agent.Provisioning.Delegation;

/// <summary>
/// What the provisioning service sends the device, honoured from that service only (XEP-0324 §Unfriending: "Such
/// messages received from other entities not trusted should be silently ignored"): <c>clearCache</c> (§Clear cache;
/// from anyone else <c>forbidden</c>), <c>friend</c> / <c>unfriend</c> messages; and the friendship requests the device
/// receives: the owner's is left to ThingRegistration, a stranger's goes to <c>isFriend</c> (§Friendships). With no provisioning
/// service, subscription requests are left alone, as before.
/// </summary>
public sealed partial class DelegatedAccessPolicy
{
    private static readonly XNamespace Ns = ProvisioningNamespaces.Provisioning;

    private void RegisterHandlers()
    {
        _client.RegisterIqHandler(Ns + "clearCache", HandleClearCacheAsync);

        // §Provisioning Server challenging a token: answered only for a token this device sent that JID within the last
        // minute. This device never sends tokens of its own, so every challenge is refused.
        _client.RegisterIqHandler(Ns + "tokenChallenge", static (_, _) =>
            ValueTask.FromResult(IqReply.Fail(StanzaError.Forbidden("This device sent no token to be challenged."))));
        _client.OnMessage(HandleMessageAsync);
        _client.OnPresence(HandlePresenceAsync);
    }

    /// <summary>Whether <paramref name="from"/> is the provisioning service of a claimed device (finding it if need be).</summary>
    private async Task<bool> IsServiceAsync(Jid from, string element, CancellationToken cancellationToken)
    {
        var service = Owner() is null ? null : await LocateAsync(cancellationToken).ConfigureAwait(false);
        if (service is not null && service.Service.Bare.Equals(from.Bare))
        {
            return true;
        }

        Log.ProvisioningSenderIgnored(_logger, element, from.ToString(), service?.Service.ToString() ?? "(none)");
        return false;
    }

    private async ValueTask<IqReply> HandleClearCacheAsync(XElement iq, CancellationToken cancellationToken)
    {
        if (!Jid.TryParse((string?)iq.Attribute("from"), out var from) || !await IsServiceAsync(from, "clearCache", cancellationToken).ConfigureAwait(false))
        {
            return IqReply.Fail(StanzaError.Forbidden("Only this device's provisioning service may clear its cache."));
        }

        var count = _cache.Count;
        _cache.Clear();
        Log.DecisionCacheCleared(_logger, from.ToString(), count);
        return IqReply.Result(ProvisioningCodec.ClearCacheResponse());
    }

    private ValueTask HandleMessageAsync(XElement message, CancellationToken cancellationToken)
    {
        if (ProvisioningCodec.TryReadRecommendation(message, out var recommendation, out _)
            && Jid.TryParse((string?)message.Attribute("from"), out var from))
        {
            OffTheReceiveLoop(recommendation.Kind.ToString().ToLowerInvariant(), from,
                () => FollowRecommendationAsync(from, recommendation, cancellationToken));
        }

        return ValueTask.CompletedTask;
    }

    private async Task FollowRecommendationAsync(Jid from, ProvisioningMessage recommendation, CancellationToken cancellationToken)
    {
        if (!await IsServiceAsync(from, recommendation.Kind.ToString().ToLowerInvariant(), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var jid = recommendation.Jid.Bare;
        Log.FriendRecommendation(_logger, from.ToString(), recommendation.Kind == ProvisioningMessageKind.Friend ? "befriend" : "unfriend", jid.ToString());
        if (recommendation.Kind == ProvisioningMessageKind.Unfriend)
        {
            // RFC 6121 §3.2 / §3.3: cancel their subscription to us, and ours to them.
            await SendPresenceAsync(jid, "unsubscribed", cancellationToken).ConfigureAwait(false);
            await SendPresenceAsync(jid, "unsubscribe", cancellationToken).ConfigureAwait(false);
            return;
        }

        // §Recommending friendships: "the receptor can still ask … using the isFriend command".
        if (await IsFriendAsync(jid, cancellationToken).ConfigureAwait(false))
        {
            await SendPresenceAsync(jid, "subscribe", cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask HandlePresenceAsync(XElement presence, CancellationToken cancellationToken)
    {
        if ((string?)presence.Attribute("type") == "subscribe" && Jid.TryParse((string?)presence.Attribute("from"), out var from))
        {
            OffTheReceiveLoop("subscribe", from, () => AnswerSubscriptionAsync(from, cancellationToken));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Message and presence handlers run on the client's receive loop, which is also what reads the answers to the
    /// questions they ask (isFriend, a first disco search): awaited there, the answer could never be read and every
    /// question would time out. So the work runs beside the loop; a lost connection ends it with a warning.
    /// </summary>
    private void OffTheReceiveLoop(string element, Jid from, Func<Task> work) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e) when (e is XmppException or OperationCanceledException)
            {
                Log.DelegatedDecisionFailed(_logger, _service?.Service.ToString() ?? "(none)", element, from.ToString(), e.Message);
            }
        }, CancellationToken.None);

    private async Task AnswerSubscriptionAsync(Jid from, CancellationToken cancellationToken)
    {
        var owner = Owner();
        var jid = from.Bare;
        if (owner is null)
        {
            return; // unclaimed: not ours to decide
        }

        // The owner's and a registry account's requests are ThingRegistration's to answer (XEP-0347: the owner's
        // friendship once claimed, the registry's while it is a friend); a second answer here would contradict it.
        if (owner.Equals(jid) || (Jid.TryParse(Registry, out var registry) && registry.Bare.Equals(jid)))
        {
            return;
        }

        if (await LocateAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return; // no provisioning service: left alone, as without provisioning
        }

        bool allowed = await IsFriendAsync(jid, cancellationToken).ConfigureAwait(false);
        Log.FriendshipAnswered(_logger, jid.ToString(), allowed ? "accepted" : "refused");
        await SendPresenceAsync(jid, allowed ? "subscribed" : "unsubscribed", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>isFriend</c>, through the cache; false when the service does not answer.</summary>
    private async Task<bool> IsFriendAsync(Jid jid, CancellationToken cancellationToken)
    {
        var service = await LocateAsync(cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            return false;
        }

        var key = DecisionCache.KeyOf(["isFriend", jid.ToString()]);
        if (_cache.Get(service.Service.ToString(), key) is { } cached)
        {
            return cached.Allowed;
        }

        try
        {
            var answer = await service.IsFriendAsync(jid, cancellationToken).ConfigureAwait(false);
            Log.DelegatedDecision(_logger, service.Service.ToString(), "isFriend", jid.ToString(), answer.Result ? "yes" : "no");
            _cache.Put(service.Service.ToString(), new CachedDecision { Key = key, Allowed = answer.Result });
            return answer.Result;
        }
        catch (XmppException e)
        {
            Log.DelegatedDecisionFailed(_logger, service.Service.ToString(), "isFriend", jid.ToString(), e.Message);
            return false;
        }
    }

    private Task SendPresenceAsync(Jid to, string type, CancellationToken cancellationToken) =>
        _client.SendAsync(new XElement(XmppNamespaces.Client + "presence", new XAttribute("to", to.ToString()), new XAttribute("type", type),
            new XAttribute("id", "prov" + Guid.NewGuid().ToString("N")[..12])), cancellationToken);
}
