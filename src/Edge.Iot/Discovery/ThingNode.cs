namespace Edge.Iot.Discovery;

/// <summary>
/// A thing behind a concentrator (XEP-0347 §Register Thing behind Concentrator, XEP-0326): the triple
/// (<c>nodeId</c>, <c>sourceId</c>, <c>cacheType</c>) that is unique within the JID. <see cref="None"/> for a thing that
/// is the JID itself.
/// </summary>
public sealed record ThingNode(string? NodeId = null, string? SourceId = null, string? CacheType = null)
{
    public static ThingNode None { get; } = new();

    public bool IsNone => NodeId is null && SourceId is null && CacheType is null;

    public override string ToString() => IsNone ? "(the JID itself)" : $"node '{NodeId}' source '{SourceId}' cache '{CacheType}'";
}
