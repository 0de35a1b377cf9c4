using Edge.Xmpp;

namespace Edge.Iot.Provisioning.Service;

/// <summary>
/// Where the provisioning service keeps the owners' rules and what it still owes devices (a <c>clearCache</c> a device
/// missed while offline), and how it learns who owns a thing. Every write is durable when its task completes.
/// </summary>
public interface IRuleStore
{
    /// <summary>The owner of the claimed thing <paramref name="thing"/> (bare JID), or null when unclaimed or unknown.</summary>
    Task<Jid?> OwnerOfAsync(Jid thing, CancellationToken cancellationToken);

    /// <summary>The things <paramref name="owner"/> has claimed: bare JID and the full JID it last spoke from.</summary>
    Task<IReadOnlyList<(Jid Thing, Jid Address)>> ThingsOfAsync(Jid owner, CancellationToken cancellationToken);

    /// <summary>The owner's rules, oldest first.</summary>
    Task<IReadOnlyList<ProvisioningRule>> ListAsync(Jid owner, CancellationToken cancellationToken);

    /// <summary>Stores a rule (its <see cref="ProvisioningRule.Id"/> ignored) and returns it with its new id.</summary>
    Task<ProvisioningRule> AddAsync(ProvisioningRule rule, CancellationToken cancellationToken);

    /// <summary>Deletes the owner's rule <paramref name="id"/>; null when the owner has no such rule.</summary>
    Task<ProvisioningRule?> RemoveAsync(Jid owner, long id, CancellationToken cancellationToken);

    /// <summary>Records (or, with false, forgets) that <paramref name="thing"/> still has to get a <c>clearCache</c>.</summary>
    Task SetClearCachePendingAsync(Jid thing, bool pending, CancellationToken cancellationToken);

    /// <summary>The things that still have to get a <c>clearCache</c>.</summary>
    Task<IReadOnlyList<Jid>> ListClearCachePendingAsync(CancellationToken cancellationToken);
}
