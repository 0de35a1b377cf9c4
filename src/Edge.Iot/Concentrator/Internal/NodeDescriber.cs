using System.Globalization;
using Edge.Things;
using Edge.Things.Control;

namespace Edge.Iot.Concentrator.Internal;

/// <summary>
/// Turns a <see cref="ThingNode"/> into XEP-0326 node information. The mapping (documented on
/// <see cref="ConcentratorServer"/>):
/// <list type="bullet">
/// <item>nodeId, cacheType from the reference; displayName, nodeType from the node; parentId/parentCacheType from the
/// parent within the same data source; hasChildren = has children in the same source.</item>
/// <item>state = None and no messages: the model keeps no node event log. hasCommands = false: no node commands.
/// lastChanged is left out: the model records no change times, and a made-up one would mislead a synchronising
/// client.</item>
/// <item>isControllable = the node has a control parameter that is not read-only; isReadable = the server's
/// readability rule.</item>
/// <item>parameters: each <see cref="ThingNode.Properties"/> entry as <c>&lt;string id=key name=key value=…/&gt;</c>
/// (in the provider's order; a property whose key is also a control parameter's name is left out), then each control
/// parameter's current value as the element of its type (<c>id</c> = parameter name, <c>name</c> = its label).
/// Types without a XEP-0326 element: a date is a <c>string</c> (yyyy-MM-dd), a colour with alpha a <c>string</c>
/// (RRGGBBAA).</item>
/// </list>
/// </summary>
internal static class NodeDescriber
{
    public static NodeInfo Describe(ThingNode node, NodeIndex index, NodeDetails details, Func<ThingNode, bool> isReadable)
    {
        ThingNode? parent = index.ParentOf(node);
        return new NodeInfo(node.Reference.NodeId)
        {
            DisplayName = node.DisplayName,
            NodeType = node.NodeType,
            CacheType = node.Reference.CacheType,
            State = NodeState.None,
            HasChildren = NodeIndex.ChildrenOf(node).Any(),
            IsReadable = isReadable(node),
            IsControllable = node.Parameters.Any(p => !p.ReadOnly),
            HasCommands = false,
            ParentId = parent?.Reference.NodeId,
            ParentCacheType = parent?.Reference.CacheType,
            Parameters = details.HasFlag(NodeDetails.Parameters) ? [.. ParametersOf(node)] : [],
        };
    }

    public static IEnumerable<NodeParameter> ParametersOf(ThingNode node)
    {
        foreach (var (key, value) in node.Properties)
        {
            if (node.FindParameter(key) is null)
            {
                yield return NodeParameter.String(key, key, value);
            }
        }

        foreach (ControlParameter p in node.Parameters)
        {
            yield return ParameterOf(p);
        }
    }

    private static NodeParameter ParameterOf(ControlParameter p) => p.CurrentValue switch
    {
        bool b => NodeParameter.Boolean(p.Name, p.Label, b),
        ColorRgba { Alpha: null } c => NodeParameter.Color(p.Name, p.Label, c),
        ColorRgba c => NodeParameter.String(p.Name, p.Label, c.ToString()),
        DateOnly d => NodeParameter.String(p.Name, p.Label, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTimeOffset dt => NodeParameter.DateTime(p.Name, p.Label, dt),
        double x => NodeParameter.Double(p.Name, p.Label, x),
        TimeSpan ts => NodeParameter.Duration(p.Name, p.Label, ts),
        int i => NodeParameter.Int(p.Name, p.Label, i),
        long l => NodeParameter.Long(p.Name, p.Label, l),
        string s => NodeParameter.String(p.Name, p.Label, s),
        TimeOnly t => NodeParameter.Time(p.Name, p.Label, t),
        _ => throw new InvalidOperationException($"Control parameter '{p.Name}' has an unexpected value type."),
    };
}
