using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot;

/// <summary>
/// Decides whether a requester may act on nodes. The XEP handlers ask it before touching the provider and answer a
/// refusal with <c>forbidden</c>. The agent's policy comes from configuration (<c>Agent:Access</c>); with a
/// provisioning service (XEP-0324) the delegated policy answers, and may allow a subset (<see cref="DecideAsync"/>).
/// </summary>
public interface IAccessPolicy
{
    /// <summary>Whether <paramref name="requester"/> (a full JID) may perform <paramref name="operation"/> on
    /// <paramref name="nodes"/> (empty = the device as a whole).</summary>
    ValueTask<bool> IsAllowedAsync(Jid requester, IotOperation operation, IReadOnlyList<ThingNode> nodes,
        CancellationToken cancellationToken);

    /// <summary>
    /// The full decision for a request with its fields, parameters and tokens: refused, allowed, or allowed for a
    /// subset. A policy without subsets (the configured one) answers yes or no through <see cref="IsAllowedAsync"/>.
    /// </summary>
    async ValueTask<AccessDecision> DecideAsync(AccessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await IsAllowedAsync(request.Requester, request.Operation, request.Nodes, cancellationToken).ConfigureAwait(false)
            ? AccessDecision.Allow
            : AccessDecision.Deny;
    }
}
