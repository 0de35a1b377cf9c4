using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>
/// A XEP-0326 response payload (<c>…Response</c> with its <c>result</c> code) for the browsing requests: the schema's
/// <c>StringArrayResponse</c> (capabilities), <c>DataSourceArrayResponse</c>, <c>containsNodeResponse</c>,
/// <c>BooleanArrayResponse</c> (containsNodes), <c>getNodeResponse</c>, <c>NodeInformationArrayResponse</c> and
/// <c>getNodeInheritanceResponse</c>. Which member carries the content depends on <see cref="Operation"/>.
/// </summary>
public sealed record ConcentratorResponse
{
    public ConcentratorResponse(string operation, ConcentratorResultCode result = ConcentratorResultCode.Ok)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        Operation = operation;
        Result = result;
    }

    /// <summary>The request's local name (the element is this plus <c>Response</c>).</summary>
    public string Operation { get; }

    public ConcentratorResultCode Result { get; }

    /// <summary>The element name, e.g. <c>{urn:xmpp:iot:concentrators}getNodeResponse</c>.</summary>
    public XName Name => Wire.Ns + (Operation + "Response");

    /// <summary>Capabilities (<c>getCapabilities</c>) or base classes (<c>getNodeInheritance</c>).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Implemented interfaces (<c>getNodeInheritance</c>).</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>One answer per node asked about (<c>containsNode</c>: one; <c>containsNodes</c>: in request order).</summary>
    public IReadOnlyList<bool> Booleans { get; init; } = [];

    public IReadOnlyList<DataSourceInfo> DataSources { get; init; } = [];

    /// <summary>Node information (<c>getNode</c>: the one node; the node-array responses: every node).</summary>
    public IReadOnlyList<NodeInfo> Nodes { get; init; } = [];

    public static ConcentratorResponse Capabilities(IReadOnlyList<string> operations) =>
        new(ConcentratorOperations.GetCapabilities) { Values = operations };

    public static ConcentratorResponse ForDataSources(string operation, IReadOnlyList<DataSourceInfo> sources) =>
        new(operation) { DataSources = sources };

    public static ConcentratorResponse ForNodes(string operation, IReadOnlyList<NodeInfo> nodes) =>
        new(operation) { Nodes = nodes };

    public static ConcentratorResponse ForNode(NodeInfo node) =>
        new(ConcentratorOperations.GetNode) { Nodes = [node ?? throw new ArgumentNullException(nameof(node))] };

    public static ConcentratorResponse Contains(bool contains) =>
        new(ConcentratorOperations.ContainsNode) { Booleans = [contains] };

    public static ConcentratorResponse ContainsEach(IReadOnlyList<bool> contains) =>
        new(ConcentratorOperations.ContainsNodes) { Booleans = contains };

    public static ConcentratorResponse Inheritance(IReadOnlyList<string> baseClasses, IReadOnlyList<string>? interfaces = null) =>
        new(ConcentratorOperations.GetNodeInheritance) { Values = baseClasses, Interfaces = interfaces ?? [] };

    /// <summary>A response carrying only a failure code, e.g. <c>&lt;getNodeResponse result='NotFound'/&gt;</c>.</summary>
    public static ConcentratorResponse Failure(string operation, ConcentratorResultCode result) => new(operation, result);

    public XElement ToElement()
    {
        var element = new XElement(Name, new XAttribute("result", Wire.ResultCode(Result)));
        if (Result != ConcentratorResultCode.Ok)
        {
            return element;
        }

        switch (Operation)
        {
            case ConcentratorOperations.GetNode when Nodes.Count == 1:
                Nodes[0].WriteTo(element);
                break;
            case ConcentratorOperations.ContainsNode when Booleans.Count == 1:
                element.Add(Wire.Boolean(Booleans[0]));
                break;
            case ConcentratorOperations.GetNodeInheritance:
                element.Add(new XElement(Wire.Ns + "baseClasses", ValueElements(Values)));
                if (Interfaces.Count > 0)
                {
                    element.Add(new XElement(Wire.Ns + "interfaces", ValueElements(Interfaces)));
                }

                break;
            default:
                element.Add(ValueElements(Values), ValueElements(Booleans.Select(Wire.Boolean)),
                    DataSources.Select(d => d.ToElement()), Nodes.Select(n => n.ToElement()));
                break;
        }

        return element;
    }

    /// <summary>
    /// Reads a <c>…Response</c> element. A response whose code is not <c>OK</c> reads with its code and no content.
    /// A <c>getNodeResponse</c> that says OK without a <c>nodeId</c> is malformed (<see cref="XmppProtocolException"/>).
    /// </summary>
    public static ConcentratorResponse Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        string name = element.Name.LocalName;
        if (element.Name.Namespace != Wire.Ns || !name.EndsWith("Response", StringComparison.Ordinal) || name.Length == 8)
        {
            throw new XmppProtocolException($"<{element.Name}/> is not a XEP-0326 response.");
        }

        string op = name[..^"Response".Length];
        var result = Wire.ParseResultCode(Wire.Attribute(element, "result"));
        var response = new ConcentratorResponse(op, result);
        if (result != ConcentratorResultCode.Ok)
        {
            return response;
        }

        return op switch
        {
            ConcentratorOperations.GetNode => response with { Nodes = [NodeInfo.Parse(element)] },
            ConcentratorOperations.ContainsNode => response with
            {
                Booleans = [Wire.ParseBoolean(element.Value, false, "containsNodeResponse")],
            },
            ConcentratorOperations.ContainsNodes => response with
            {
                Booleans = [.. element.Elements(Wire.Ns + "value").Select(v => Wire.ParseBoolean(v.Value, false, "containsNodesResponse"))],
            },
            ConcentratorOperations.GetNodeInheritance => response with
            {
                Values = Strings(element.Element(Wire.Ns + "baseClasses")),
                Interfaces = Strings(element.Element(Wire.Ns + "interfaces")),
            },
            _ => response with
            {
                Values = Strings(element),
                DataSources = [.. element.Elements(Wire.Ns + "dataSource").Select(DataSourceInfo.Parse)],
                Nodes = [.. element.Elements(Wire.Ns + "node").Select(NodeInfo.Parse)],
            },
        };
    }

    private static IEnumerable<XElement> ValueElements(IEnumerable<string> values) =>
        values.Select(v => new XElement(Wire.Ns + "value", v));

    private static string[] Strings(XElement? parent) =>
        parent is null ? [] : [.. parent.Elements(Wire.Ns + "value").Select(v => v.Value.Trim())];
}
