using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot;

/// <summary>
/// Decides whether a requester may act on nodes. The XEP handlers ask it before touching the provider and answer a
/// refusal with <c>forbidden</c>. The agent's policy comes from configuration; XEP-0324 provisioning plugs in here.
/// </summary>
public interface IAccessPolicy
{
    /// <summary>Whether <paramref name="requester"/> (a full JID) may perform <paramref name="operation"/> on
    /// <paramref name="nodes"/> (empty = the device as a whole).</summary>
    ValueTask<bool> IsAllowedAsync(Jid requester, IotOperation operation, IReadOnlyList<ThingNode> nodes,
        CancellationToken cancellationToken);
}
