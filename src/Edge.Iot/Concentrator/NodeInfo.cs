using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>
/// Basic node information (XEP-0326 §5.1 "Node Information", schema type <c>NodeInformation</c>): the attributes of a
/// <c>node</c> element (or of <c>getNodeResponse</c>) and, when asked for, its parameters and status messages.
/// </summary>
public sealed record NodeInfo
{
    public NodeInfo(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        NodeId = nodeId;
    }

    public string NodeId { get; }

    public string? DisplayName { get; init; }

    public string? NodeType { get; init; }

    public string? CacheType { get; init; }

    public NodeState State { get; init; }

    public bool HasChildren { get; init; }

    public bool ChildrenOrdered { get; init; }

    /// <summary>Whether the node can be read out (XEP-0323).</summary>
    public bool IsReadable { get; init; }

    /// <summary>Whether the node can be controlled (XEP-0325).</summary>
    public bool IsControllable { get; init; }

    public bool HasCommands { get; init; }

    /// <summary>The parent's node id; null for a root node of its data source.</summary>
    public string? ParentId { get; init; }

    public string? ParentCacheType { get; init; }

    public DateTimeOffset? LastChanged { get; init; }

    /// <summary>The node parameters (present when the request asked for <c>parameters</c>).</summary>
    public IReadOnlyList<NodeParameter> Parameters { get; init; } = [];

    /// <summary>The node's status messages (present when the request asked for <c>messages</c>).</summary>
    public IReadOnlyList<NodeMessage> Messages { get; init; } = [];

    /// <summary>The information as an element named <paramref name="name"/> (default <c>node</c>).</summary>
    public XElement ToElement(XName? name = null)
    {
        var element = new XElement(name ?? Wire.Ns + "node");
        WriteTo(element);
        return element;
    }

    /// <summary>Reads node information from a <c>node</c> or <c>getNodeResponse</c> element. Lenient: a missing
    /// state reads as <see cref="NodeState.None"/>, unknown attributes and children are ignored.</summary>
    public static NodeInfo Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        string id = Wire.Attribute(element, "nodeId") is { Length: > 0 } n
            ? n
            : throw new XmppProtocolException($"XEP-0326: <{element.Name.LocalName}/> carries no nodeId.");
        string what = $"node '{id}'";
        string? state = Wire.Attribute(element, "state");
        // An unknown or missing state reads as None (the default member).
        return new NodeInfo(id)
        {
            DisplayName = Wire.Attribute(element, "displayName"),
            NodeType = Wire.Attribute(element, "nodeType"),
            CacheType = Wire.Attribute(element, "cacheType"),
            State = Enum.GetValues<NodeState>().FirstOrDefault(v => string.Equals(v.ToString(), state, StringComparison.Ordinal)),
            HasChildren = Wire.ParseBoolean(Wire.Attribute(element, "hasChildren"), false, what + " hasChildren"),
            ChildrenOrdered = Wire.ParseBoolean(Wire.Attribute(element, "childrenOrdered"), false, what + " childrenOrdered"),
            IsReadable = Wire.ParseBoolean(Wire.Attribute(element, "isReadable"), false, what + " isReadable"),
            IsControllable = Wire.ParseBoolean(Wire.Attribute(element, "isControllable"), false, what + " isControllable"),
            HasCommands = Wire.ParseBoolean(Wire.Attribute(element, "hasCommands"), false, what + " hasCommands"),
            ParentId = Wire.Attribute(element, "parentId"),
            ParentCacheType = Wire.Attribute(element, "parentCacheType"),
            LastChanged = Wire.ParseOptionalDateTime(Wire.Attribute(element, "lastChanged"), what + " lastChanged"),
            Parameters = [.. element.Elements().Where(NodeParameter.IsParameterElement).Select(NodeParameter.Parse)],
            Messages = [.. element.Elements(Wire.Ns + "message").Select(NodeMessage.Parse)],
        };
    }

    /// <summary>Adds the attributes (in the XEP's order) and the parameter and message children to
    /// <paramref name="element"/>.</summary>
    internal void WriteTo(XElement element)
    {
        element.Add(new XAttribute("nodeId", NodeId));
        Optional(element, "displayName", DisplayName);
        Optional(element, "nodeType", NodeType);
        Optional(element, "cacheType", CacheType);
        element.Add(new XAttribute("state", State.ToString()), new XAttribute("hasChildren", Wire.Boolean(HasChildren)));
        if (ChildrenOrdered)
        {
            element.Add(new XAttribute("childrenOrdered", "true"));
        }

        element.Add(new XAttribute("isReadable", Wire.Boolean(IsReadable)),
            new XAttribute("isControllable", Wire.Boolean(IsControllable)),
            new XAttribute("hasCommands", Wire.Boolean(HasCommands)));
        Optional(element, "parentId", ParentId);
        Optional(element, "parentCacheType", ParentCacheType);
        Optional(element, "lastChanged", LastChanged is { } changed ? Wire.DateTime(changed) : null);
        element.Add(Parameters.Select(p => p.ToElement()), Messages.Select(m => m.ToElement()));
    }

    private static void Optional(XElement element, string name, string? value)
    {
        if (value is not null)
        {
            element.Add(new XAttribute(name, value));
        }
    }
}
