using System.Collections.Concurrent;
using Edge.Xmpp;

namespace Edge.Iot.Discovery.Registry;

/// <summary>An <see cref="IThingStore"/> in memory: for tests and throwaway registries (nothing survives a restart).</summary>
public sealed class InMemoryThingStore : IThingStore
{
    private readonly ConcurrentDictionary<(string Jid, ThingNode Node), ThingRecord> _things = new();

    public int Count => _things.Count;

    public Task<ThingRecord?> GetAsync(Jid thing, ThingNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thing);
        return Task.FromResult(_things.TryGetValue((thing.Bare.ToString(), node), out var record) ? record : null);
    }

    public Task<IReadOnlyList<ThingRecord>> FindByFingerprintAsync(string fingerprint, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ThingRecord>>(_things.Values.Where(r => r.TagFingerprint == fingerprint).ToList());

    public Task<IReadOnlyList<ThingRecord>> ListSearchableAsync(IReadOnlyList<SearchOperator> operators, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ThingRecord>>(_things.Values.Where(r => r.IsSearchable)
            .OrderBy(r => r.Thing.ToString(), StringComparer.Ordinal).ThenBy(r => r.Node.NodeId, StringComparer.Ordinal)
            .ThenBy(r => r.Node.SourceId, StringComparer.Ordinal).ThenBy(r => r.Node.CacheType, StringComparer.Ordinal).ToList());

    public Task PutAsync(ThingRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _things[(record.Thing.Bare.ToString(), record.Node)] = record;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(Jid thing, ThingNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thing);
        return Task.FromResult(_things.TryRemove((thing.Bare.ToString(), node), out _));
    }
}
