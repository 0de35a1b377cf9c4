using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Things;

namespace Edge.Iot.Control.Internal;

/// <summary>The XEP-0325 <c>&lt;node nodeId='…' sourceId='…' cacheType='…'/&gt;</c> element (schema NodeReference).</summary>
internal static class NodeElements
{
    public static XElement ToElement(ThingReference node)
    {
        var element = new XElement(ControlNamespaces.Control + "node", new XAttribute("nodeId", node.NodeId));
        if (node.SourceId is not null)
        {
            element.SetAttributeValue("sourceId", node.SourceId);
        }

        if (node.CacheType is not null)
        {
            element.SetAttributeValue("cacheType", node.CacheType);
        }

        return element;
    }

    public static bool TryParse(XElement element, [NotNullWhen(true)] out ThingReference? node,
        [NotNullWhen(false)] out string? error)
    {
        var id = (string?)element.Attribute("nodeId");
        if (string.IsNullOrEmpty(id))
        {
            node = null;
            error = "A <node/> has no nodeId.";
            return false;
        }

        node = new ThingReference(id, (string?)element.Attribute("sourceId"), (string?)element.Attribute("cacheType"));
        error = null;
        return true;
    }

    /// <summary>Every node of the tree <paramref name="reference"/> matches; several when the nodeId is ambiguous
    /// (XEP-0325 §5.7: an ambiguous reference means the set of all nodes with that nodeId).</summary>
    public static IReadOnlyList<ThingNode> Resolve(IThingProvider provider, ThingReference reference) =>
        NodeResolver.AllNodes(provider)
            .Where(n => n.Reference.NodeId == reference.NodeId
                && (reference.SourceId is null || NodeResolver.SourceOf(n.Reference) == reference.SourceId)
                && (reference.CacheType is null || n.Reference.CacheType == reference.CacheType))
            .ToArray();
}
