using Edge.Things;

namespace Edge.Iot.Concentrator.Internal;

/// <summary>
/// One snapshot of the provider's node tree as XEP-0326 data sources see it. A node belongs to the data source
/// <see cref="NodeResolver.SourceOf"/> names; within a source, a node's parent is its tree parent when that parent is
/// in the same source, otherwise the node is a root of its source. So a source's nodes form a forest and
/// <c>parentId</c>, <c>hasChildren</c>, child and ancestor lists never cross sources.
/// </summary>
internal sealed class NodeIndex
{
    private readonly Dictionary<ThingNode, ThingNode?> _parents = new(ReferenceEqualityComparer.Instance);
    private readonly List<ThingNode> _all = [];

    private readonly Snapshot _snapshot;

    private NodeIndex(IThingProvider provider)
    {
        // RootNodes is read once: a provider may build a new tree on each read.
        _snapshot = new Snapshot(provider.RootNodes);
        foreach (ThingNode root in _snapshot.RootNodes)
        {
            Add(root, null);
        }

        // The XEP requires a MeteringTopology source (§5.7 "Required Data Sources"): it is listed even when empty.
        Sources = [NodeResolver.DefaultSourceId, .. _all.Select(SourceOf).Where(s => s != NodeResolver.DefaultSourceId)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every data source: the default one first, then the others in tree order.</summary>
    public IReadOnlyList<string> Sources { get; }

    public static NodeIndex Create(IThingProvider provider) => new(provider);

    public static string SourceOf(ThingNode node) => NodeResolver.SourceOf(node.Reference);

    public bool HasSource(string sourceId) => Sources.Contains(sourceId, StringComparer.Ordinal);

    /// <summary>The nodes of a source (every source when <paramref name="sourceId"/> is null), depth first.</summary>
    public IEnumerable<ThingNode> NodesIn(string? sourceId) =>
        sourceId is null ? _all : _all.Where(n => SourceOf(n) == sourceId);

    public IEnumerable<ThingNode> RootsOf(string? sourceId) => NodesIn(sourceId).Where(n => ParentOf(n) is null);

    /// <summary>The node's parent within its data source, or null for a root of its source.</summary>
    public ThingNode? ParentOf(ThingNode node) =>
        _parents.TryGetValue(node, out ThingNode? parent) && parent is not null && SourceOf(parent) == SourceOf(node)
            ? parent
            : null;

    public static IEnumerable<ThingNode> ChildrenOf(ThingNode node) => node.Children.Where(c => SourceOf(c) == SourceOf(node));

    /// <summary>The node itself, then its parent, grandparent … up to its source's root (XEP-0326 getAncestors).</summary>
    public IEnumerable<ThingNode> SelfAndAncestors(ThingNode node)
    {
        for (ThingNode? n = node; n is not null; n = ParentOf(n))
        {
            yield return n;
        }
    }

    /// <summary>Finds an addressed node with <see cref="NodeResolver"/>'s rules (shared with XEP-0323/0325), in
    /// this snapshot.</summary>
    public bool TryResolve(ThingReference reference, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ThingNode? node)
    {
        return NodeResolver.TryResolve(_snapshot, reference.NodeId, reference.SourceId, reference.CacheType, out node);
    }

    private void Add(ThingNode node, ThingNode? parent)
    {
        if (!_parents.TryAdd(node, parent))
        {
            return;
        }

        _all.Add(node);
        foreach (ThingNode child in node.Children)
        {
            Add(child, node);
        }
    }

    /// <summary>The tree as read once, for <see cref="NodeResolver"/> (which only walks <see cref="RootNodes"/>).</summary>
    private sealed class Snapshot(IReadOnlyList<ThingNode> roots) : IThingProvider
    {
        public IReadOnlyList<ThingNode> RootNodes { get; } = roots;

        public ValueTask<NodeReadout> ReadAsync(ThingNode node, ReadoutFilter filter, CancellationToken cancellationToken) =>
            throw new NotSupportedException("A browsing snapshot does not read nodes.");

        public ValueTask<ControlOutcome> SetAsync(IReadOnlyList<ControlWrite> writes, CancellationToken cancellationToken) =>
            throw new NotSupportedException("A browsing snapshot does not control nodes.");
    }
}
