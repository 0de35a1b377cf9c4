using Edge.Things.Control;

namespace Edge.Things;

/// <summary>
/// One node of the device tree (XEP-0326's model, used by XEP-0323/0325 addressing): a plain device is a single root
/// node; a concentrator has a root with child nodes (e.g. one per meter on its RS-485 bus). A node knows its control
/// parameters; its field values come from the sensor behind it. Immutable: build the tree bottom-up.
/// </summary>
public sealed record ThingNode
{
    public ThingNode(ThingReference reference, string nodeType, IReadOnlyList<ThingNode>? children = null,
        IReadOnlyList<ControlParameter>? parameters = null, string? displayName = null,
        IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrEmpty(nodeType);
        Reference = reference;
        NodeType = nodeType;
        Children = children ?? [];
        Parameters = parameters ?? [];
        DisplayName = string.IsNullOrEmpty(displayName) ? reference.NodeId : displayName;
        Properties = properties ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ControlParameter p in Parameters)
        {
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"Node '{reference}' has two control parameters named '{p.Name}'.",
                    nameof(parameters));
            }
        }
    }

    public ThingReference Reference { get; }

    /// <summary>What kind of node this is (e.g. "bme280", "sdm630", "concentrator"), for discovery.</summary>
    public string NodeType { get; }

    public string DisplayName { get; }

    public IReadOnlyList<ThingNode> Children { get; }

    /// <summary>
    /// Descriptive, read-only facts about the node (e.g. "Model" = "SDM630", "Unit" = "1", "Port" = "/dev/ttyUSB0"),
    /// reported as XEP-0326 node parameters. Values that change or can be set belong in fields or
    /// <see cref="Parameters"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    public IReadOnlyList<ControlParameter> Parameters { get; }

    /// <summary>This node and all its descendants, depth first, parents before children.</summary>
    public IEnumerable<ThingNode> DescendantsAndSelf()
    {
        yield return this;
        foreach (ThingNode child in Children)
        {
            foreach (ThingNode node in child.DescendantsAndSelf())
            {
                yield return node;
            }
        }
    }

    /// <summary>Finds the node with <paramref name="reference"/> in this subtree.</summary>
    public bool TryFind(ThingReference reference, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ThingNode? node)
    {
        node = DescendantsAndSelf().FirstOrDefault(n => n.Reference == reference);
        return node is not null;
    }

    /// <summary>The control parameter of this node with <paramref name="name"/>, if any.</summary>
    public ControlParameter? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}
