using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Disco;
using Edge.Xmpp.PubSub;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge subscribe</c>: a backend's view of a device. Subscribes to sensor nodes and prints each item as it arrives,
/// as a readable line or (with --json) one JSON object per line.
/// </summary>
public static class SubscribeCommand
{
    public const string Help = """
        edge subscribe --jid JID --password PW --service PUBSUB (--node NODE ... | --prefix PREFIX) [options]

          Subscribes to pubsub nodes and prints every item as it arrives.

          --service JID      the pubsub service (e.g. pubsub.example.org), or the device's bare JID for PEP
          --node NODE        a node to subscribe to (repeatable)
          --prefix PREFIX    subscribe to every node of the service whose name starts with PREFIX
                             (found with disco#items; waits for them to appear until --timeout)
          --json             one JSON object per line instead of readable text
          --count N          exit after N items
          --timeout S        exit after S seconds (exit code 0 when at least one item arrived, else 1)
        """;

    public static async Task<int> RunAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(output);
        cl.RejectUnknown([.. ClientArguments.Names, "service", "node", "prefix", "json", "count", "timeout"]);
        var options = ClientArguments.Parse(cl);
        var service = Jid.TryParse(cl.Required("service"), out var s, out var jidError) ? s : throw new CommandLineException($"--service: {jidError}");
        var nodes = cl.Values("node").ToList();
        var prefix = cl.Value("prefix");
        if (nodes.Count == 0 && prefix is null)
        {
            throw new CommandLineException("Give --node NODE or --prefix PREFIX.");
        }

        var json = cl.Flag("json");
        var count = cl.Int("count", 1, int.MaxValue);
        var timeout = cl.Int("timeout", 1, 86_400);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is not null)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(timeout.Value));
        }

        await using var client = new XmppClient(options);
        var pubsub = new PubSubClient(client);
        var received = 0;
        var gate = new Lock();
        var subscribed = new HashSet<string>(StringComparer.Ordinal);
        pubsub.ItemReceived += (_, item) =>
        {
            lock (gate)
            {
                if (!subscribed.Contains(item.Node) || (count is not null && received >= count))
                {
                    return;
                }

                received++;
                output.WriteLine(json ? ToJson(item) : ToText(item));
                output.Flush();
                if (count is not null && received >= count)
                {
                    stop.Cancel();
                }
            }
        };

        try
        {
            await client.StartAsync(stop.Token).ConfigureAwait(false);
            error.WriteLine($"Connected as {client.BoundJid}.");
            while (!stop.IsCancellationRequested)
            {
                var wanted = nodes.ToList();
                if (prefix is not null)
                {
                    wanted.AddRange(await ListNodesAsync(client, service, prefix, stop.Token).ConfigureAwait(false));
                }

                foreach (var node in wanted.Where(n => !subscribed.Contains(n)).Distinct(StringComparer.Ordinal))
                {
                    var answer = await pubsub.SubscribeAsync(service, node, stop.Token).ConfigureAwait(false);
                    if (answer.Error is not null)
                    {
                        error.WriteLine($"Cannot subscribe to {node} on {service}: {answer.Error}");
                        if (prefix is null)
                        {
                            return 1;
                        }

                        continue;
                    }

                    lock (gate)
                    {
                        subscribed.Add(node);
                    }

                    error.WriteLine($"Subscribed to {node} on {service}.");
                }

                // With --prefix, look for new nodes now and then (a device creates them on first publish).
                await Task.Delay(prefix is null ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(3), stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (XmppConnectionException e)
        {
            error.WriteLine("Connection failed: " + e.Message);
            return 1;
        }

        return received > 0 || (count is null && timeout is null) ? 0 : 1;
    }

    private static async Task<IEnumerable<string>> ListNodesAsync(XmppClient client, Jid service, string prefix, CancellationToken token)
    {
        var answer = await client.SendIqAsync(client.CreateIq("get", service, new XElement(DiscoNamespaces.Items + "query")), token)
            .ConfigureAwait(false);
        return answer.Payload?.Elements(DiscoNamespaces.Items + "item")
            .Select(i => (string?)i.Attribute("node"))
            .Where(n => n is not null && n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => n!)
            .ToArray() ?? [];
    }

    private static string ToText(PubSubItem item)
    {
        var fields = FieldRow.From(item.Payload).ToList();
        var when = fields.FirstOrDefault()?.Timestamp;
        return $"{when} {item.Node} #{item.Id}: {string.Join("; ", fields.Select(f => f.ToText()))}";
    }

    private static string ToJson(PubSubItem item)
    {
        var fields = FieldRow.From(item.Payload).Select(f => f.ToJson(withNode: false));
        return CliJson.Line(new Dictionary<string, object?>
        {
            ["service"] = item.Service?.ToString(),
            ["node"] = item.Node,
            ["id"] = item.Id,
            ["fields"] = fields.ToArray(),
        });
    }
}
