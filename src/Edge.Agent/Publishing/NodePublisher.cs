using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Disco;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Publishing;

/// <summary>
/// Publishes items to the sensor nodes on the configured service (or PEP), making each node exist with the configured
/// configuration first (<c>persist_items</c>, <c>max_items</c>, <c>access_model</c>): created with its configuration,
/// or configured when it already exists. When the service advertises publish-options (XEP-0060 §7.1.5) every publish
/// carries the same options as preconditions; a <c>precondition-not-met</c> makes it reconfigure the node and publish
/// again. Any other error on a publish that carried options — services differ in what they refuse: ejabberd 23.01
/// answers <c>pubsub#max_items</c> with <c>wait/resource-constraint</c> — makes it publish that item again without them
/// at once, and that node is published to without options from then on (the node itself is configured). Safe for
/// concurrent publishes: node set-up and the service's disco run once. With <see cref="KnownNodes"/>, the nodes an
/// earlier run set up and published to with options are ready from the start: their first publish goes out at once,
/// its preconditions standing in for the set-up (a drifted node is configured again, a deleted one created again).
/// </summary>
public sealed class NodePublisher
{
    private readonly XmppClient _client;
    private readonly PubSubClient _pubsub;
    private readonly PublishOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _readyNodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _plainNodes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly KnownNodes? _known;
    private Task<bool>? _discovery;

    /// <summary>
    /// A publisher on <paramref name="client"/>'s session. <paramref name="known"/>: the nodes set up by an earlier run
    /// (<see cref="KnownNodes.Load"/> with <see cref="KnownNodesKey"/>), kept up to date here; null to set every node up
    /// at its first publish.
    /// </summary>
    public NodePublisher(XmppClient client, PubSubClient pubsub, PublishOptions options, ILogger logger, KnownNodes? known = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pubsub);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _pubsub = pubsub;
        _options = options;
        _logger = logger;
        Service = options.Service is { Length: > 0 } s ? Jid.Parse(s) : null;
        Configuration = ConfigurationOf(options);
        _known = known;
        if (known?.Nodes is { Count: > 0 } nodes)
        {
            // Only nodes published to with options are ever recorded: the service took publish-options then.
            _discovery = Task.FromResult(true);
            foreach (var node in nodes)
            {
                _readyNodes[node] = new Lazy<Task>(Task.CompletedTask);
            }

            Log.KnownNodesReady(logger, nodes.Count, Service?.ToString() ?? "PEP");
        }
    }

    /// <summary>The key of the <see cref="KnownNodes"/> file this publisher's nodes are valid under.</summary>
    public static string KnownNodesKey(XmppClient client, PublishOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return KnownNodes.KeyFor(options.Service, client.Jid.Bare.ToString(), ConfigurationOf(options));
    }

    /// <summary>The node configuration the options ask for: set up on each node and sent as publish-options.</summary>
    private static Dictionary<string, string> ConfigurationOf(PublishOptions options) => new(StringComparer.Ordinal)
    {
        ["pubsub#persist_items"] = options.PersistItems ? "true" : "false",
        ["pubsub#max_items"] = options.MaxItems.ToString(CultureInfo.InvariantCulture),
        ["pubsub#access_model"] = options.AccessModel,
    };

    /// <summary>The service, or null for PEP on the device's own account.</summary>
    public Jid? Service { get; }

    /// <summary>The node configuration, also sent as publish-options.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; }

    /// <summary>Whether the service advertises publish-options (null until it was asked).</summary>
    public bool? UsesPublishOptions => _discovery is { IsCompletedSuccessfully: true } d ? d.Result : null;

    /// <summary>
    /// Whether <paramref name="node"/> is set up and the service's disco answered, so a publish to it is sent at once
    /// (no await before the send): several in flight leave in the order they were started.
    /// </summary>
    public bool IsReady(string node) => UsesPublishOptions is not null
        && _readyNodes.TryGetValue(node, out var ready) && ready.IsValueCreated && ready.Value.IsCompletedSuccessfully;

    /// <summary>Whether publishes to <paramref name="node"/> carry publish-options now.</summary>
    public bool UsesPublishOptionsOn(string node) => UsesPublishOptions == true && !_plainNodes.ContainsKey(node);

    /// <summary>
    /// Publishes one item; stanza errors come back as data. A node deleted under us (<c>item-not-found</c>) is created
    /// again on the next call. Throws <see cref="XmppStanzaErrorException"/> when the node cannot be created.
    /// </summary>
    public Task<IqResponse> PublishAsync(string node, string itemId, XElement payload, CancellationToken cancellationToken) =>
        PublishAsync(node, itemId, new ElementContent(payload), cancellationToken);

    /// <summary>As the overload taking an <see cref="XElement"/>, for a payload that writes itself (a reading: no tree per publish).</summary>
    public async Task<IqResponse> PublishAsync(string node, string itemId, IXmlContent payload, CancellationToken cancellationToken)
    {
        await PrepareAsync(node, cancellationToken).ConfigureAwait(false);
        var withOptions = UsesPublishOptionsOn(node);
        var response = await _pubsub.PublishAsync(Service, node, itemId, payload, withOptions ? Configuration : null, cancellationToken)
            .ConfigureAwait(false);
        return IsFinal(node, withOptions, response) ? response : await RecoverAsync(node, itemId, payload, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The IQ publishing one item to a node that <see cref="IsReady"/>, with the publish-options when the node takes them
    /// (<paramref name="withOptions"/> says which, for <see cref="IsFinal"/>): for a batch of publishes sent in one write.
    /// The payload writes itself into the connection's buffer (no tree per publish).
    /// </summary>
    public OutgoingIq CreatePublish(string node, string itemId, IXmlContent payload, out bool withOptions)
    {
        withOptions = UsesPublishOptionsOn(node);
        return _pubsub.CreatePublish(Service, node, itemId, payload, withOptions ? Configuration : null);
    }

    /// <summary>
    /// Whether the answer to a publish is the item's outcome, or the service refused the publish-options it carried and
    /// <see cref="RecoverAsync"/> publishes it again. A node deleted under us (<c>item-not-found</c>) is set up again
    /// before its next publish.
    /// </summary>
    public bool IsFinal(string node, bool withOptions, IqResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (withOptions && response.Error is { Condition: not "item-not-found" })
        {
            return false;
        }

        if (response.Error is { Condition: "item-not-found" })
        {
            _readyNodes.TryRemove(node, out _);
            _known?.Remove(node);
        }
        else if (withOptions && response.Error is null)
        {
            _known?.Add(node); // set up, and its configuration confirmed by the preconditions: the next start may publish at once
        }

        return true;
    }

    /// <summary>Publishes an item again after the service refused the publish-options of <paramref name="refusedWithOptions"/>.</summary>
    public async Task<IqResponse> RecoverAsync(string node, string itemId, IXmlContent payload, IqResponse refusedWithOptions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusedWithOptions);
        var response = refusedWithOptions;
        var withOptions = true;
        if (IsPreconditionNotMet(response.Error))
        {
            // The node's configuration drifted (an admin changed it): bring it back, then publish with the options again.
            Log.PublishOptionsMismatch(_logger, node);
            await _pubsub.ConfigureNodeAsync(Service, node, Configuration, cancellationToken).ConfigureAwait(false);
            response = await _pubsub.PublishAsync(Service, node, itemId, payload, Configuration, cancellationToken).ConfigureAwait(false);
        }

        if (response.Error is { Condition: not "item-not-found" } refused)
        {
            // The service cannot honour the options on this node: it is configured, so publish plainly from now on.
            _known?.Remove(node);
            if (_plainNodes.TryAdd(node, true))
            {
                Log.PublishOptionsDropped(_logger, node, refused.ToString()); // once per node, not per publish in flight
            }

            response = await _pubsub.PublishAsync(Service, node, itemId, payload, null, cancellationToken).ConfigureAwait(false);
            withOptions = false;
        }

        _ = IsFinal(node, withOptions, response);
        return response;
    }

    /// <summary>Sets the node up and asks the service about publish-options, once each (see <see cref="IsReady"/>).</summary>
    public async Task PrepareAsync(string node, CancellationToken cancellationToken)
    {
        await EnsureNodeAsync(node, cancellationToken).ConfigureAwait(false);
        await DiscoverPublishOptionsAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsPreconditionNotMet(StanzaError? error) =>
        error?.ApplicationCondition?.Name == PubSubNamespaces.Errors + "precondition-not-met";

    private Task<bool> DiscoverPublishOptionsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_discovery is null || _discovery.IsFaulted || _discovery.IsCanceled)
            {
                _discovery = DiscoverAsync(cancellationToken);
            }

            return _discovery;
        }

        async Task<bool> DiscoverAsync(CancellationToken token)
        {
            DiscoInfo info = await DiscoInfo.QueryAsync(_client, Service, null, token).ConfigureAwait(false);
            bool supported = info.Supports(PubSubNamespaces.PublishOptionsFeature);
            Log.PublishOptionsSupport(_logger, Service?.ToString() ?? "PEP", supported);
            return supported;
        }
    }

    private async Task EnsureNodeAsync(string node, CancellationToken cancellationToken)
    {
        var ready = _readyNodes.GetOrAdd(node, n => new Lazy<Task>(() => CreateOrConfigureAsync(n, cancellationToken)));
        try
        {
            await ready.Value.ConfigureAwait(false);
        }
        catch
        {
            _readyNodes.TryRemove(new KeyValuePair<string, Lazy<Task>>(node, ready)); // the next publish tries again
            throw;
        }
    }

    private async Task CreateOrConfigureAsync(string node, CancellationToken token)
    {
        var created = await _pubsub.CreateNodeAsync(Service, node, Configuration, token).ConfigureAwait(false);
        if (created.Error is { Condition: not "conflict" } withConfig)
        {
            // The service does not take this configuration at creation (services differ in the conditions they answer):
            // create the node plainly, then configure it.
            Log.NodeConfigRefused(_logger, node, "create", withConfig.ToString());
            var plain = await _pubsub.CreateNodeAsync(Service, node, null, token).ConfigureAwait(false);
            if (plain.Error is { Condition: not "conflict" })
            {
                throw new XmppStanzaErrorException($"Creating node '{node}'", plain.Error);
            }
        }

        // Created plainly, or it exists (an earlier run): bring its configuration in line. A service that refuses owner
        // configuration keeps its own; publishing goes on either way.
        if (created.Error is not null)
        {
            var configured = await _pubsub.ConfigureNodeAsync(Service, node, Configuration, token).ConfigureAwait(false);
            if (configured.Error is { } refused)
            {
                Log.NodeConfigRefused(_logger, node, "configure", refused.ToString());
            }
        }

        Log.NodeReady(_logger, node, Service?.ToString() ?? "PEP");
    }
}
