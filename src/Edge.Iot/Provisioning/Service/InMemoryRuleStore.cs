using System.Collections.Concurrent;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning.Service;

/// <summary>An <see cref="IRuleStore"/> in memory, with owners set by hand: for tests (nothing survives a restart).</summary>
public sealed class InMemoryRuleStore : IRuleStore
{
    private readonly ConcurrentDictionary<Jid, (Jid Owner, Jid Address)> _owners = new();
    private readonly ConcurrentDictionary<long, ProvisioningRule> _rules = new();
    private readonly ConcurrentDictionary<Jid, bool> _pending = new();
    private long _nextId;

    /// <summary>Records that <paramref name="owner"/> claimed the thing speaking from <paramref name="address"/>.</summary>
    public void SetOwner(Jid address, Jid owner)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(owner);
        _owners[address.Bare] = (owner.Bare, address);
    }

    public Task<Jid?> OwnerOfAsync(Jid thing, CancellationToken cancellationToken) =>
        Task.FromResult(_owners.TryGetValue(thing.Bare, out var o) ? o.Owner : null);

    public Task<IReadOnlyList<(Jid Thing, Jid Address)>> ThingsOfAsync(Jid owner, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(Jid, Jid)>>([.. _owners.Where(o => o.Value.Owner.Equals(owner.Bare)).Select(o => (o.Key, o.Value.Address))]);

    public Task<IReadOnlyList<ProvisioningRule>> ListAsync(Jid owner, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProvisioningRule>>([.. _rules.Values.Where(r => r.Owner.Equals(owner.Bare)).OrderBy(r => r.Id)]);

    public Task<ProvisioningRule> AddAsync(ProvisioningRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var stored = rule with { Id = Interlocked.Increment(ref _nextId) };
        _rules[stored.Id] = stored;
        return Task.FromResult(stored);
    }

    public Task<ProvisioningRule?> RemoveAsync(Jid owner, long id, CancellationToken cancellationToken) =>
        Task.FromResult(_rules.TryGetValue(id, out var rule) && rule.Owner.Equals(owner.Bare) && _rules.TryRemove(id, out _) ? rule : null);

    public Task SetClearCachePendingAsync(Jid thing, bool pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thing);
        _ = pending ? _pending.TryAdd(thing.Bare, true) : _pending.TryRemove(thing.Bare, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Jid>> ListClearCachePendingAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Jid>>([.. _pending.Keys]);
}
