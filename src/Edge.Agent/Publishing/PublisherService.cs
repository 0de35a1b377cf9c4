using System.Xml;
using System.Xml.Linq;
using Edge.Agent.Outbox;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Publishing;

/// <summary>
/// Drains the outbox in order: publishes the oldest entry with its deterministic item id and removes it only after
/// the server's IQ result. On a lost connection it waits for the client to come back and sends the same entry again
/// (same item id: the node replaces, never duplicates). Nodes are created and configured on first use.
/// </summary>
public sealed class PublisherService(XmppClient client, PubSubClient pubsub, DurableOutbox outbox, IOptions<AgentOptions> options,
    TimeProvider time, ILogger<PublisherService> logger) : BackgroundService
{
    private readonly HashSet<string> _readyNodes = new(StringComparer.Ordinal);

    /// <summary>Items the server acknowledged since start.</summary>
    public long PublishedCount { get; private set; }

    private Jid? Service => options.Value.PubSub.Service is { Length: > 0 } s ? Jid.Parse(s) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await client.WaitForConnectedAsync(stoppingToken).ConfigureAwait(false);
            await outbox.WaitForEntryAsync(stoppingToken).ConfigureAwait(false);
            if (!outbox.TryPeek(out var entry))
            {
                continue;
            }

            try
            {
                await PublishAsync(entry!, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is XmppConnectionException or XmppTimeoutException)
            {
                Log.PublishPaused(logger, e.Message, outbox.Count);
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PublishAsync(OutboxEntry entry, CancellationToken token)
    {
        XElement payload;
        try
        {
            payload = XElement.Parse(entry.Payload);
        }
        catch (XmlException)
        {
            Log.PublishRejected(logger, entry.Node, entry.ItemId, "payload is not XML");
            outbox.Reject(entry.Sequence);
            return;
        }

        if (!_readyNodes.Contains(entry.Node))
        {
            await EnsureNodeAsync(entry.Node, token).ConfigureAwait(false);
        }

        var response = await pubsub.PublishAsync(Service, entry.Node, entry.ItemId, payload, null, token).ConfigureAwait(false);
        if (response.Error is null)
        {
            outbox.Remove(entry.Sequence);
            PublishedCount++;
            Log.Published(logger, entry.Node, entry.ItemId);
        }
        else if (response.Error.Condition == "item-not-found")
        {
            _readyNodes.Remove(entry.Node); // the node was deleted under us: create it again, then resend
        }
        else if (response.Error.Type == "wait")
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, token).ConfigureAwait(false);
        }
        else
        {
            Log.PublishRejected(logger, entry.Node, entry.ItemId, response.Error.ToString());
            outbox.Reject(entry.Sequence);
        }
    }

    private async Task EnsureNodeAsync(string node, CancellationToken token)
    {
        var pub = options.Value.PubSub;
        var config = new Dictionary<string, string>
        {
            ["pubsub#persist_items"] = pub.PersistItems ? "true" : "false",
            ["pubsub#max_items"] = pub.MaxItems.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["pubsub#access_model"] = pub.AccessModel,
        };
        var created = await pubsub.CreateNodeAsync(Service, node, config, token).ConfigureAwait(false);
        if (created.Error is { Condition: "conflict" })
        {
            // It exists (an earlier run): bring its configuration in line; a service that refuses owner config keeps its own.
            await pubsub.ConfigureNodeAsync(Service, node, config, token).ConfigureAwait(false);
        }
        else if (created.Error is { Condition: "not-acceptable" or "bad-request" or "feature-not-implemented" })
        {
            // The service does not take a configuration at creation: create it plainly, then configure.
            var plain = await pubsub.CreateNodeAsync(Service, node, null, token).ConfigureAwait(false);
            if (plain.Error is { Condition: not "conflict" })
            {
                throw new XmppStanzaErrorException($"Creating node '{node}'", plain.Error);
            }

            await pubsub.ConfigureNodeAsync(Service, node, config, token).ConfigureAwait(false);
        }
        else if (created.Error is not null)
        {
            throw new XmppStanzaErrorException($"Creating node '{node}'", created.Error);
        }

        _readyNodes.Add(node);
        Log.NodeReady(logger, node, Service?.ToString() ?? "PEP");
    }
}
