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
    private readonly NodePublisher _nodes = new(client, pubsub, options.Value.PubSub, logger);

    /// <summary>Items the server acknowledged since start.</summary>
    public long PublishedCount { get; private set; }

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

        var response = await _nodes.PublishAsync(entry.Node, entry.ItemId, payload, token).ConfigureAwait(false);
        if (response.Error is null)
        {
            outbox.Remove(entry.Sequence);
            PublishedCount++;
            Log.Published(logger, entry.Node, entry.ItemId);
        }
        else if (response.Error.Condition == "item-not-found")
        {
            // The node was deleted under us: NodePublisher creates it again, and the entry is sent again.
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
}
