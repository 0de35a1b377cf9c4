using System.Diagnostics.CodeAnalysis;
using Edge.Things;

namespace Edge.Iot;

/// <summary>
/// Finds the node a request addresses (XEP-0323/0325/0326 <c>nodeId</c>, <c>sourceId</c>, <c>cacheType</c>). Nodes
/// whose <see cref="ThingReference.SourceId"/> is null belong to the <see cref="DefaultSourceId"/> data source; a
/// request without a sourceId matches any source, and a request without a cacheType any cache type. A node without a
/// cache type matches any requested cache type (XEP-0326 §5.1: a source that does not separate ids by cache type may
/// ignore it).
/// </summary>
public static class NodeResolver
{
    /// <summary>The data source of nodes that name none (XEP-0326's usual name for a device's own topology).</summary>
    public const string DefaultSourceId = "MeteringTopology";

    /// <summary>The data source <paramref name="node"/> belongs to.</summary>
    public static string SourceOf(ThingReference node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.SourceId ?? DefaultSourceId;
    }

    /// <summary>Every node of the provider's tree, depth first, parents before children.</summary>
    public static IEnumerable<ThingNode> AllNodes(IThingProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.RootNodes.SelectMany(r => r.DescendantsAndSelf());
    }

    public static bool TryResolve(IThingProvider provider, string nodeId, string? sourceId, string? cacheType,
        [NotNullWhen(true)] out ThingNode? node)
    {
        ArgumentNullException.ThrowIfNull(provider);
        node = null;
        if (string.IsNullOrEmpty(nodeId))
        {
            return false;
        }

        foreach (ThingNode candidate in AllNodes(provider))
        {
            ThingReference r = candidate.Reference;
            if (r.NodeId == nodeId
                && (string.IsNullOrEmpty(sourceId) || SourceOf(r) == sourceId)
                && (string.IsNullOrEmpty(cacheType) || r.CacheType is null || r.CacheType == cacheType))
            {
                node = candidate;
                return true;
            }
        }

        return false;
    }
}
