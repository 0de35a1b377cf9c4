using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>
/// The requester side of XEP-0326 browsing (for the <c>edge nodes</c> verb and tests): sends a request to a
/// concentrator and returns a typed <see cref="ConcentratorResult{T}"/>. A refusal is data, whichever way the
/// concentrator sends it: a <c>…Response</c> with a code other than OK in an IQ result, the XEP examples' error IQ
/// with a bare <c>…Response</c> child, or a stanza error (with or without a <c>…Response</c> inside it). Only a
/// malformed answer throws (<see cref="XmppProtocolException"/>), besides the client's timeout and connection errors.
/// </summary>
public sealed class ConcentratorClient
{
    private readonly XmppClient _client;

    public ConcentratorClient(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>The <c>xml:lang</c> sent with every request (null: none).</summary>
    public string? Language { get; set; }

    public async Task<ConcentratorResult<IReadOnlyList<string>>> GetCapabilitiesAsync(Jid concentrator,
        CancellationToken cancellationToken) =>
        Map(await SendAsync(concentrator, ConcentratorRequest.GetCapabilities(), cancellationToken).ConfigureAwait(false),
            r => r.Values);

    public Task<ConcentratorResult<IReadOnlyList<DataSourceInfo>>> GetAllDataSourcesAsync(Jid concentrator,
        CancellationToken cancellationToken) =>
        DataSourcesAsync(concentrator, new ConcentratorRequest(ConcentratorOperations.GetAllDataSources), cancellationToken);

    public Task<ConcentratorResult<IReadOnlyList<DataSourceInfo>>> GetRootDataSourcesAsync(Jid concentrator,
        CancellationToken cancellationToken) =>
        DataSourcesAsync(concentrator, new ConcentratorRequest(ConcentratorOperations.GetRootDataSources), cancellationToken);

    public Task<ConcentratorResult<IReadOnlyList<DataSourceInfo>>> GetChildDataSourcesAsync(Jid concentrator,
        string sourceId, CancellationToken cancellationToken) =>
        DataSourcesAsync(concentrator,
            ConcentratorRequest.ForSource(ConcentratorOperations.GetChildDataSources, sourceId), cancellationToken);

    public async Task<ConcentratorResult<bool>> ContainsNodeAsync(Jid concentrator, ThingReference node,
        CancellationToken cancellationToken) =>
        Map(await SendAsync(concentrator, ConcentratorRequest.ForNode(ConcentratorOperations.ContainsNode, node),
            cancellationToken).ConfigureAwait(false), r => Single(r.Booleans, r));

    /// <summary>One answer per node, in the order asked.</summary>
    public async Task<ConcentratorResult<IReadOnlyList<bool>>> ContainsNodesAsync(Jid concentrator,
        IReadOnlyList<ThingReference> nodes, CancellationToken cancellationToken) =>
        Map(await SendAsync(concentrator, ConcentratorRequest.ForNodes(ConcentratorOperations.ContainsNodes, nodes),
            cancellationToken).ConfigureAwait(false), r => r.Booleans);

    public async Task<ConcentratorResult<NodeInfo>> GetNodeAsync(Jid concentrator, ThingReference node,
        NodeDetails details, CancellationToken cancellationToken) =>
        Map(await SendAsync(concentrator, ConcentratorRequest.ForNode(ConcentratorOperations.GetNode, node, details),
            cancellationToken).ConfigureAwait(false), r => Single(r.Nodes, r));

    public Task<ConcentratorResult<IReadOnlyList<NodeInfo>>> GetNodesAsync(Jid concentrator,
        IReadOnlyList<ThingReference> nodes, NodeDetails details, CancellationToken cancellationToken) =>
        NodesAsync(concentrator, ConcentratorRequest.ForNodes(ConcentratorOperations.GetNodes, nodes, details),
            cancellationToken);

    /// <summary>Every node of a data source, optionally only those derived from all of
    /// <paramref name="onlyIfDerivedFrom"/>.</summary>
    public Task<ConcentratorResult<IReadOnlyList<NodeInfo>>> GetAllNodesAsync(Jid concentrator, string sourceId,
        NodeDetails details, IReadOnlyList<string>? onlyIfDerivedFrom, CancellationToken cancellationToken) =>
        NodesAsync(concentrator, ConcentratorRequest.ForSource(ConcentratorOperations.GetAllNodes, sourceId, details)
            with { OnlyIfDerivedFrom = onlyIfDerivedFrom ?? [] }, cancellationToken);

    public Task<ConcentratorResult<IReadOnlyList<NodeInfo>>> GetRootNodesAsync(Jid concentrator, string sourceId,
        NodeDetails details, CancellationToken cancellationToken) =>
        NodesAsync(concentrator, ConcentratorRequest.ForSource(ConcentratorOperations.GetRootNodes, sourceId, details),
            cancellationToken);

    public Task<ConcentratorResult<IReadOnlyList<NodeInfo>>> GetChildNodesAsync(Jid concentrator, ThingReference node,
        NodeDetails details, CancellationToken cancellationToken) =>
        NodesAsync(concentrator, ConcentratorRequest.ForNode(ConcentratorOperations.GetChildNodes, node, details),
            cancellationToken);

    /// <summary>The node itself, then its parent, grandparent … up to the root (as XEP-0326 answers).</summary>
    public Task<ConcentratorResult<IReadOnlyList<NodeInfo>>> GetAncestorsAsync(Jid concentrator, ThingReference node,
        NodeDetails details, CancellationToken cancellationToken) =>
        NodesAsync(concentrator, ConcentratorRequest.ForNode(ConcentratorOperations.GetAncestors, node, details),
            cancellationToken);

    /// <summary>The node type's base classes.</summary>
    public async Task<ConcentratorResult<IReadOnlyList<string>>> GetNodeInheritanceAsync(Jid concentrator,
        ThingReference node, CancellationToken cancellationToken) =>
        Map(await SendAsync(concentrator, ConcentratorRequest.ForNode(ConcentratorOperations.GetNodeInheritance, node),
            cancellationToken).ConfigureAwait(false), r => r.Values);

    /// <summary>Sends any request and returns the parsed response (see the class remarks for how refusals read).</summary>
    public async Task<ConcentratorResult<ConcentratorResponse>> SendAsync(Jid concentrator, ConcentratorRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(concentrator);
        ArgumentNullException.ThrowIfNull(request);
        if (Language is not null && request.Language is null)
        {
            request = request with { Language = Language };
        }

        IqResponse response = await _client.SendIqAsync(_client.CreateIq("get", concentrator, request.ToElement()),
            cancellationToken).ConfigureAwait(false);
        return Interpret(request.Operation, response);
    }

    /// <summary>Reads a concentrator's answer to <paramref name="operation"/> (public for tests of literal
    /// stanzas).</summary>
    public static ConcentratorResult<ConcentratorResponse> Interpret(string operation, IqResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(response);
        XName name = Wire.Ns + (operation + "Response");
        XElement? element = response.Stanza.Element(name)
            ?? response.Stanza.Elements().FirstOrDefault(e => e.Name.LocalName == "error")?.Element(name);
        if (response.Error is { } error)
        {
            ConcentratorResultCode code = element is null
                ? CodeOf(error.Condition)
                : Wire.ParseResultCode(Wire.Attribute(element, "result"));
            return new ConcentratorResult<ConcentratorResponse>(
                code == ConcentratorResultCode.Ok ? CodeOf(error.Condition) : code, error);
        }

        if (element is null)
        {
            throw new XmppProtocolException($"The concentrator's answer to {operation} has no <{name.LocalName}/>.");
        }

        ConcentratorResponse parsed = ConcentratorResponse.Parse(element);
        return parsed.Result == ConcentratorResultCode.Ok
            ? new ConcentratorResult<ConcentratorResponse>(parsed)
            : new ConcentratorResult<ConcentratorResponse>(parsed.Result, null);
    }

    private async Task<ConcentratorResult<IReadOnlyList<DataSourceInfo>>> DataSourcesAsync(Jid concentrator,
        ConcentratorRequest request, CancellationToken cancellationToken) =>
        Map(await SendAsync(concentrator, request, cancellationToken).ConfigureAwait(false), r => r.DataSources);

    private async Task<ConcentratorResult<IReadOnlyList<NodeInfo>>> NodesAsync(Jid concentrator,
        ConcentratorRequest request, CancellationToken cancellationToken) =>
        Map(await SendAsync(concentrator, request, cancellationToken).ConfigureAwait(false), r => r.Nodes);

    private static ConcentratorResult<TValue> Map<TValue>(ConcentratorResult<ConcentratorResponse> result,
        Func<ConcentratorResponse, TValue> select) =>
        result.Succeeded
            ? new ConcentratorResult<TValue>(select(result.Value))
            : new ConcentratorResult<TValue>(result.Code, result.Error);

    private static TValue Single<TValue>(IReadOnlyList<TValue> values, ConcentratorResponse response) =>
        values.Count == 1
            ? values[0]
            : throw new XmppProtocolException($"The concentrator's {response.Name.LocalName} carries {values.Count} answers; one was expected.");

    /// <summary>The response code a stanza error stands for, when the answer carried none.</summary>
    private static ConcentratorResultCode CodeOf(string condition) => condition switch
    {
        "item-not-found" => ConcentratorResultCode.NotFound,
        "forbidden" or "not-authorized" => ConcentratorResultCode.InsufficientPrivileges,
        "feature-not-implemented" or "service-unavailable" => ConcentratorResultCode.NotImplemented,
        _ => ConcentratorResultCode.OtherError,
    };
}
