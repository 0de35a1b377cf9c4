namespace Edge.Things;

/// <summary>
/// Addresses a node behind a JID (XEP-0323/0326 <c>nodeId</c>, <c>sourceId</c>, <c>cacheType</c>). A plain device is
/// one node; a concentrator has many.
/// </summary>
public sealed record ThingReference
{
    public ThingReference(string nodeId, string? sourceId = null, string? cacheType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        NodeId = nodeId;
        SourceId = string.IsNullOrEmpty(sourceId) ? null : sourceId;
        CacheType = string.IsNullOrEmpty(cacheType) ? null : cacheType;
    }

    public string NodeId { get; }

    public string? SourceId { get; }

    public string? CacheType { get; }

    public override string ToString() => SourceId is null ? NodeId : $"{SourceId}/{NodeId}";
}
