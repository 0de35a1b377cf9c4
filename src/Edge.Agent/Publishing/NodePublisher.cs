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
/// again, and a service that rejects the options is published to without them from then on.
/// </summary>
public sealed class NodePublisher
{
    private readonly XmppClient _client;
    private readonly PubSubClient _pubsub;
    private readonly PublishOptions _options;
    private readonly ILogger _logger;
    private readonly HashSet<string> _readyNodes = new(StringComparer.Ordinal);
    private bool? _publishOptions;

    public NodePublisher(XmppClient client, PubSubClient pubsub, PublishOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pubsub);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _pubsub = pubsub;
        _options = options;
        _logger = logger;
        Configuration = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pubsub#persist_items"] = options.PersistItems ? "true" : "false",
            ["pubsub#max_items"] = options.MaxItems.ToString(CultureInfo.InvariantCulture),
            ["pubsub#access_model"] = options.AccessModel,
        };
    }

    /// <summary>The service, or null for PEP on the device's own account.</summary>
    public Jid? Service => _options.Service is { Length: > 0 } s ? Jid.Parse(s) : null;

    /// <summary>The node configuration, also sent as publish-options.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; }

    /// <summary>Whether publishes carry publish-options (null until the service was asked).</summary>
    public bool? UsesPublishOptions => _publishOptions;

    /// <summary>
    /// Publishes one item; stanza errors come back as data. A node deleted under us (<c>item-not-found</c>) is created
    /// again on the next call.
    /// </summary>
    public async Task<IqResponse> PublishAsync(string node, string itemId, XElement payload, CancellationToken cancellationToken)
    {
        if (!_readyNodes.Contains(node))
        {
            await EnsureNodeAsync(node, cancellationToken).ConfigureAwait(false);
        }

        _publishOptions ??= await DiscoverPublishOptionsAsync(cancellationToken).ConfigureAwait(false);
        IqResponse response = await _pubsub.PublishAsync(Service, node, itemId, payload,
            _publishOptions == true ? Configuration : null, cancellationToken).ConfigureAwait(false);
        if (_publishOptions == true && IsPreconditionNotMet(response.Error))
        {
            // The node's configuration drifted (an admin changed it): bring it back, then publish with the options again.
            Log.PublishOptionsMismatch(_logger, node);
            await _pubsub.ConfigureNodeAsync(Service, node, Configuration, cancellationToken).ConfigureAwait(false);
            response = await _pubsub.PublishAsync(Service, node, itemId, payload, Configuration, cancellationToken).ConfigureAwait(false);
        }

        if (_publishOptions == true && response.Error is { Condition: "bad-request" or "feature-not-implemented" or "not-acceptable" }
            or { Condition: "conflict" })
        {
            // The service cannot honour the options after all: the node is configured, so publish plainly from now on.
            Log.PublishOptionsDropped(_logger, node, response.Error.ToString());
            _publishOptions = false;
            response = await _pubsub.PublishAsync(Service, node, itemId, payload, null, cancellationToken).ConfigureAwait(false);
        }

        if (response.Error is { Condition: "item-not-found" })
        {
            _readyNodes.Remove(node);
        }

        return response;
    }

    private static bool IsPreconditionNotMet(StanzaError? error) =>
        error?.ApplicationCondition?.Name == PubSubNamespaces.Errors + "precondition-not-met";

    private async Task<bool> DiscoverPublishOptionsAsync(CancellationToken cancellationToken)
    {
        DiscoInfo info = await DiscoInfo.QueryAsync(_client, Service, null, cancellationToken).ConfigureAwait(false);
        bool supported = info.Supports(PubSubNamespaces.PublishOptionsFeature);
        Log.PublishOptionsSupport(_logger, Service?.ToString() ?? "PEP", supported);
        return supported;
    }

    private async Task EnsureNodeAsync(string node, CancellationToken token)
    {
        var created = await _pubsub.CreateNodeAsync(Service, node, Configuration, token).ConfigureAwait(false);
        if (created.Error is { Condition: "conflict" })
        {
            // It exists (an earlier run): bring its configuration in line; a service that refuses owner config keeps its own.
            await _pubsub.ConfigureNodeAsync(Service, node, Configuration, token).ConfigureAwait(false);
        }
        else if (created.Error is { Condition: "not-acceptable" or "bad-request" or "feature-not-implemented" })
        {
            // The service does not take a configuration at creation: create it plainly, then configure.
            var plain = await _pubsub.CreateNodeAsync(Service, node, null, token).ConfigureAwait(false);
            if (plain.Error is { Condition: not "conflict" })
            {
                throw new XmppStanzaErrorException($"Creating node '{node}'", plain.Error);
            }

            await _pubsub.ConfigureNodeAsync(Service, node, Configuration, token).ConfigureAwait(false);
        }
        else if (created.Error is not null)
        {
            throw new XmppStanzaErrorException($"Creating node '{node}'", created.Error);
        }

        _readyNodes.Add(node);
        Log.NodeReady(_logger, node, Service?.ToString() ?? "PEP");
    }
}
