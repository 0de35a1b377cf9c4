using Edge.Xmpp;

namespace Edge.Iot.Discovery.Registry;

/// <summary>
/// Where the registry keeps its things: the one seam between the registry's logic and a database (the host's SQLite
/// file today, a server database later). Every write is durable when its task completes.
/// </summary>
public interface IThingStore
{
    /// <summary>The record of a thing (bare JID and node), or null.</summary>
    Task<ThingRecord?> GetAsync(Jid thing, ThingNode node, CancellationToken cancellationToken);

    /// <summary>Every record whose <see cref="ThingRecord.TagFingerprint"/> is <paramref name="fingerprint"/> (claim candidates).</summary>
    Task<IReadOnlyList<ThingRecord>> FindByFingerprintAsync(string fingerprint, CancellationToken cancellationToken);

    /// <summary>
    /// The searchable records (claimed and public) that may satisfy every one of <paramref name="operators"/>, ordered
    /// by JID, then node. A superset is fine — the registry applies the operators exactly — so a store narrows by
    /// what its indexes answer cheaply and may ignore the rest.
    /// </summary>
    Task<IReadOnlyList<ThingRecord>> ListSearchableAsync(IReadOnlyList<SearchOperator> operators, CancellationToken cancellationToken);

    /// <summary>Inserts the record or replaces the one with the same JID and node.</summary>
    Task PutAsync(ThingRecord record, CancellationToken cancellationToken);

    /// <summary>Deletes the record; false when there was none.</summary>
    Task<bool> DeleteAsync(Jid thing, ThingNode node, CancellationToken cancellationToken);
}
