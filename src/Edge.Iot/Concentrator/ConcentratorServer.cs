using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Things;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.Concentrator;

/// <summary>
/// The device side of XEP-0326: the read-only browsing subset over an <see cref="IThingProvider"/>'s node tree
/// (capabilities, data sources, containsNode(s), getNode(s), getAllNodes, getNodeInheritance, getRootNodes,
/// getChildNodes, getAncestors). Every request asks the <see cref="IAccessPolicy"/> (<see cref="IotOperation.Browse"/>)
/// before it is answered.
/// </summary>
/// <remarks>
/// <para><b>Data sources.</b> A node's source is <see cref="NodeResolver.SourceOf"/> (no SourceId =
/// <see cref="NodeResolver.DefaultSourceId"/>). Sources are flat (no child sources); the default source is always
/// listed, as the XEP requires it. A source's name is its id; no lastChanged is given.</para>
/// <para><b>Nodes.</b> See <c>Internal/NodeDescriber</c> for the node information and parameter mapping: state None,
/// no messages, hasCommands false, no lastChanged; isControllable = a writable control parameter; parameters =
/// Properties as strings, then control parameters' current values typed. Node references resolve with
/// <see cref="NodeResolver"/> (the same rules as XEP-0323/0325).</para>
/// <para><b>Refusals</b> are <c>iq type='error'</c> with a RFC 6120 condition and the XEP's <c>…Response</c>
/// element (with its response code) as application condition: access policy says no → <c>forbidden</c> /
/// InsufficientPrivileges; unknown source or node → <c>item-not-found</c> / NotFound; a request without the node or
/// source it needs → <c>bad-request</c> / OtherError; the XEP's other operations (editing, commands, creating,
/// moving, subscriptions, databases) → <c>feature-not-implemented</c> / NotImplemented.</para>
/// <para><c>xml:lang</c> is accepted; there is no localisation, so answers are in the default language, as the
/// XEP's §6.1 says. XEP-0324 tokens are not read.</para>
/// </remarks>
public sealed partial class ConcentratorServer
{
    private readonly XmppClient _client;
    private readonly IThingProvider _provider;
    private readonly IAccessPolicy _policy;
    private readonly ILogger _logger;
    private readonly Func<ThingNode, bool> _isReadable;

    private ConcentratorServer(XmppClient client, IThingProvider provider, IAccessPolicy policy, ILogger logger,
        Func<ThingNode, bool> isReadable)
    {
        _client = client;
        _provider = provider;
        _policy = policy;
        _logger = logger;
        _isReadable = isReadable;
    }

    /// <summary>
    /// Registers the XEP-0326 handlers on <paramref name="client"/> and advertises
    /// <see cref="ConcentratorNamespaces.Uri"/> in disco#info. <paramref name="isReadable"/> decides a node's
    /// <c>isReadable</c> (default <see cref="IsLeaf"/>): the node model does not say which nodes have fields.
    /// </summary>
    public static ConcentratorServer Register(XmppClient client, IThingProvider provider, IAccessPolicy policy,
        ILogger? logger = null, Func<ThingNode, bool>? isReadable = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(policy);
        var server = new ConcentratorServer(client, provider, policy, logger ?? NullLogger.Instance, isReadable ?? IsLeaf);
        foreach (string operation in ConcentratorOperations.Implemented)
        {
            client.RegisterIqHandler(ConcentratorNamespaces.Concentrators + operation, server.AnswerAsync,
                ConcentratorNamespaces.Uri);
        }

        foreach (string operation in ConcentratorOperations.NotImplemented)
        {
            client.RegisterIqHandler(ConcentratorNamespaces.Concentrators + operation, server.RefuseAsync);
        }

        return server;
    }

    /// <summary>
    /// The default readability rule: a node without children (a sensor, meter, channel or actuator) has fields to
    /// read; a node that only groups others (the concentrator itself, a bus or bridge) does not.
    /// </summary>
    public static bool IsLeaf(ThingNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Children.Count == 0;
    }

    private async ValueTask<IqReply> AnswerAsync(XElement iq, CancellationToken cancellationToken)
    {
        XElement payload = iq.Elements().First();
        string operation = payload.Name.LocalName;
        if (!TryGetRequester(iq, out Jid? requester))
        {
            Log.ConcentratorBadRequest(_logger, operation, (string?)iq.Attribute("from") ?? "?", "bad 'from' address");
            return Fail(operation, Failure.BadRequest("The request's 'from' address is not a JID."));
        }

        ConcentratorRequest request;
        try
        {
            request = ConcentratorRequest.Parse(payload);
        }
        catch (XmppProtocolException e)
        {
            Log.ConcentratorBadRequest(_logger, operation, requester.ToString(), e.Message);
            return Fail(operation, Failure.BadRequest(e.Message));
        }

        Outcome outcome = Answer(request, NodeIndex.Create(_provider));
        if (!await _policy.IsAllowedAsync(requester, IotOperation.Browse, outcome.Nodes, cancellationToken)
            .ConfigureAwait(false))
        {
            Log.ConcentratorRefused(_logger, operation, requester.ToString());
            return Fail(operation, Failure.Forbidden("The access policy does not allow this requester to browse these nodes."));
        }

        if (outcome.Failure is { } failure)
        {
            if (failure.Code == ConcentratorResultCode.NotFound)
            {
                Log.ConcentratorNotFound(_logger, operation, requester.ToString(), failure.Text);
            }
            else
            {
                Log.ConcentratorBadRequest(_logger, operation, requester.ToString(), failure.Text);
            }

            return Fail(operation, failure);
        }

        ConcentratorResponse response = outcome.Response!;
        Log.ConcentratorAnswered(_logger, operation, requester.ToString(),
            response.Values.Count + response.Booleans.Count + response.DataSources.Count + response.Nodes.Count);
        return IqReply.Result(response.ToElement());
    }

    private ValueTask<IqReply> RefuseAsync(XElement iq, CancellationToken cancellationToken)
    {
        string operation = iq.Elements().First().Name.LocalName;
        Log.ConcentratorNotImplemented(_logger, operation, (string?)iq.Attribute("from") ?? "(own account)");
        return ValueTask.FromResult(Fail(operation, Failure.NotImplemented(
            $"This concentrator implements only the read-only browsing subset of XEP-0326; '{operation}' is not supported.")));
    }

    private static IqReply Fail(string operation, Failure failure) => IqReply.Fail(failure.ToStanzaError(operation));

    /// <summary>The requester: the IQ's sender, or our own account when there is no 'from' (RFC 6120 §8.1.2.1).</summary>
    private bool TryGetRequester(XElement iq, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Jid? requester)
    {
        string? from = (string?)iq.Attribute("from");
        if (from is null)
        {
            requester = _client.BoundJid ?? _client.Jid;
            return true;
        }

        return Jid.TryParse(from, out requester);
    }
}
