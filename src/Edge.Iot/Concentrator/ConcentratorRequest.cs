using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>
/// A XEP-0326 browsing request (the schema's <c>TokenRequest</c>, <c>SourceReferenceRequest</c>,
/// <c>NodeReferenceRequest</c>, <c>NodeReferencesRequest</c>, <c>…ParametersRequest</c> and
/// <c>GetAllNodesRequest</c> shapes) as one type: <see cref="Operation"/> names the element and says which members
/// apply. Node references are <see cref="ThingReference"/>s (nodeId, sourceId, cacheType). The XEP-0324 token
/// attributes and <c>getChildNodes</c>' <c>sortOrder</c> are not read.
/// </summary>
public sealed record ConcentratorRequest
{
    public ConcentratorRequest(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        Operation = operation;
    }

    /// <summary>The request element's local name, e.g. <see cref="ConcentratorOperations.GetNode"/>.</summary>
    public string Operation { get; }

    /// <summary>The <c>sourceId</c> of a data-source request (<c>getChildDataSources</c>, <c>getRootNodes</c>,
    /// <c>getAllNodes</c>); for a node request, the node's source (also in <see cref="Node"/>).</summary>
    public string? SourceId { get; init; }

    /// <summary>The node a single-node request addresses.</summary>
    public ThingReference? Node { get; init; }

    /// <summary>The nodes a batch request (<c>containsNodes</c>, <c>getNodes</c>) addresses, in order.</summary>
    public IReadOnlyList<ThingReference> Nodes { get; init; } = [];

    /// <summary>The <c>parameters</c> and <c>messages</c> flags.</summary>
    public NodeDetails Details { get; init; }

    /// <summary>The <c>xml:lang</c> of the request, if any.</summary>
    public string? Language { get; init; }

    /// <summary><c>getAllNodes</c>' <c>onlyIfDerivedFrom</c> class names.</summary>
    public IReadOnlyList<string> OnlyIfDerivedFrom { get; init; } = [];

    public static ConcentratorRequest GetCapabilities() => new(ConcentratorOperations.GetCapabilities);

    public static ConcentratorRequest ForSource(string operation, string sourceId, NodeDetails details = NodeDetails.None) =>
        new(operation) { SourceId = sourceId, Details = details };

    public static ConcentratorRequest ForNode(string operation, ThingReference node, NodeDetails details = NodeDetails.None)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new(operation) { Node = node, SourceId = node.SourceId, Details = details };
    }

    public static ConcentratorRequest ForNodes(string operation, IReadOnlyList<ThingReference> nodes,
        NodeDetails details = NodeDetails.None)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return new(operation) { Nodes = nodes, Details = details };
    }

    /// <summary>The request element, e.g. <c>&lt;getNode xmlns='urn:xmpp:iot:concentrators' sourceId='…'
    /// nodeId='…' parameters='true'/&gt;</c>.</summary>
    public XElement ToElement()
    {
        var element = new XElement(Wire.Ns + Operation);
        if (Node is not null)
        {
            element.Add(NodeAttributes(Node));
        }
        else if (SourceId is not null)
        {
            element.Add(new XAttribute("sourceId", SourceId));
        }

        if (Details.HasFlag(NodeDetails.Parameters))
        {
            element.Add(new XAttribute("parameters", "true"));
        }

        if (Details.HasFlag(NodeDetails.Messages))
        {
            element.Add(new XAttribute("messages", "true"));
        }

        if (Language is not null)
        {
            element.Add(new XAttribute(XNamespace.Xml + "lang", Language));
        }

        element.Add(Nodes.Select(n => new XElement(Wire.Ns + "node", NodeAttributes(n))));
        element.Add(OnlyIfDerivedFrom.Select(c => new XElement(Wire.Ns + "onlyIfDerivedFrom", c)));
        return element;
    }

    /// <summary>
    /// Reads a request element. Lenient: the schema requires <c>sourceId</c> on every node reference, but a missing
    /// (or empty) one is accepted and means "any data source", as in XEP-0323/0325 addressing.
    /// </summary>
    public static ConcentratorRequest Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Name.Namespace != Wire.Ns)
        {
            throw new XmppProtocolException($"<{element.Name}/> is not a XEP-0326 request.");
        }

        string op = element.Name.LocalName;
        var details = NodeDetails.None;
        if (Wire.ParseBoolean(Wire.Attribute(element, "parameters"), false, op + " parameters"))
        {
            details |= NodeDetails.Parameters;
        }

        if (Wire.ParseBoolean(Wire.Attribute(element, "messages"), false, op + " messages"))
        {
            details |= NodeDetails.Messages;
        }

        string? sourceId = Wire.Attribute(element, "sourceId") is { Length: > 0 } s ? s : null;
        return new ConcentratorRequest(op)
        {
            SourceId = sourceId,
            Node = ReferenceOf(element),
            Nodes = [.. element.Elements(Wire.Ns + "node").Select(n => ReferenceOf(n)
                ?? throw new XmppProtocolException($"XEP-0326 {op}: a <node/> has no nodeId."))],
            Details = details,
            Language = Wire.Language(element),
            OnlyIfDerivedFrom = [.. element.Elements(Wire.Ns + "onlyIfDerivedFrom").Select(e => e.Value.Trim())],
        };
    }

    private static ThingReference? ReferenceOf(XElement element) =>
        Wire.Attribute(element, "nodeId") is { Length: > 0 } nodeId
            ? new ThingReference(nodeId, Wire.Attribute(element, "sourceId"), Wire.Attribute(element, "cacheType"))
            : null;

    /// <summary>A node reference's attributes. The schema requires a sourceId: a node without one is in
    /// <see cref="NodeResolver.DefaultSourceId"/> (this codebase's model).</summary>
    private static IEnumerable<XAttribute> NodeAttributes(ThingReference node)
    {
        yield return new XAttribute("sourceId", NodeResolver.SourceOf(node));
        yield return new XAttribute("nodeId", node.NodeId);
        if (node.CacheType is not null)
        {
            yield return new XAttribute("cacheType", node.CacheType);
        }
    }
}
