using System.Xml.Linq;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.Control;

/// <summary>
/// The device side of XEP-0325: answers IQ <c>set</c> and <c>getForm</c>, applies <c>set</c> by message, and advertises
/// <c>urn:xmpp:iot:control</c>. Every request is checked whole before anything is written: nodes exist, the
/// <see cref="IAccessPolicy"/> allows <see cref="IotOperation.Control"/>, every parameter exists on every node it
/// addresses, parses and passes <see cref="Things.Control.ControlParameter.Validate"/>; only then does
/// <see cref="IThingProvider.SetAsync"/> run. Errors follow XEP-0325 §6.1 with a <c>paramError</c> naming the parameter.
/// </summary>
/// <remarks>Split by concern: <c>ControlServer.Set.cs</c> (the set flow), <c>ControlServer.Form.cs</c> (getForm).</remarks>
public sealed partial class ControlServer
{
    private readonly XmppClient _client;
    private readonly IThingProvider _provider;
    private readonly IAccessPolicy _policy;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    private ControlServer(XmppClient client, IThingProvider provider, IAccessPolicy policy, ILogger logger, TimeProvider time)
    {
        _client = client;
        _provider = provider;
        _policy = policy;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// Registers the IQ handlers (set, getForm) with the disco feature, and the message handler for set by message.
    /// A dateTime value without a zone is taken in <paramref name="timeProvider"/>'s local zone (XEP-0325 §7.1).
    /// </summary>
    public static ControlServer Register(XmppClient client, IThingProvider provider, IAccessPolicy policy,
        ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(policy);
        var server = new ControlServer(client, provider, policy, logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System);
        client.RegisterIqHandler(ControlNamespaces.Control + "set", server.HandleSetIqAsync, ControlNamespaces.Feature);
        client.RegisterIqHandler(ControlNamespaces.Control + "getForm", server.HandleGetFormAsync);
        client.OnMessage(server.HandleMessageAsync);
        return server;
    }

    /// <summary>The requester of a stanza: its from, or (none given: from our own server) our own account.</summary>
    private Jid Requester(XElement stanza) =>
        Jid.TryParse((string?)stanza.Attribute("from"), out var from) ? from : _client.BoundJid ?? _client.Jid;

    private static StanzaError Forbidden(Jid requester) =>
        new("cancel", "forbidden", $"{requester.Bare} may not control these nodes.");
}
