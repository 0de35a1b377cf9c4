using System.Diagnostics;
using System.Xml.Linq;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// The server's view of a drain, asked by a backend account connected straight to the server (never through the
/// delaying proxy): whether given items exist yet (a cheap single-item request, polled — every publisher keeps each
/// node's order, so a node's last item there means the node is drained) and how many items a node holds.
/// </summary>
internal sealed class ServerProbe : IAsyncDisposable
{
    private static readonly XNamespace DiscoItems = "http://jabber.org/protocol/disco#items";

    private readonly XmppClient _client;
    private readonly Jid _service;

    private ServerProbe(XmppClient client, Jid service)
    {
        _client = client;
        _service = service;
    }

    public static async Task<ServerProbe> ConnectAsync(ProsodyServer server, CancellationToken cancellationToken)
    {
        var options = new XmppClientOptions
        {
            Jid = TestAccounts.BackendJid,
            Password = TestAccounts.BackendPassword,
            Resource = "replay-probe",
            Host = server.Host,
            Port = server.Port,
            PingInterval = TimeSpan.Zero,
            MaxStanzaBytes = 16 * 1024 * 1024, // disco#items of a node with 3,600 items
            SendInitialPresence = false,
        };
        options.Tls.CaFile = server.CaFile;
        var client = new XmppClient(options);
        await client.ConnectAsync(cancellationToken);
        return new ServerProbe(client, Jid.Parse(server.PubSubService));
    }

    /// <summary>Whether <paramref name="node"/> holds the item <paramref name="itemId"/>.</summary>
    public async Task<bool> HasItemAsync(string node, string itemId, CancellationToken cancellationToken)
    {
        var request = new XElement(PubSubNamespaces.PubSub + "pubsub",
            new XElement(PubSubNamespaces.PubSub + "items", new XAttribute("node", node),
                new XElement(PubSubNamespaces.PubSub + "item", new XAttribute("id", itemId))));
        var response = await _client.SendIqAsync(_client.CreateIq("get", _service, request), cancellationToken);
        return response.Error is null
            && response.Payload?.Descendants(PubSubNamespaces.PubSub + "item").Any(i => (string?)i.Attribute("id") == itemId) == true;
    }

    /// <summary>
    /// Polls until every (node, item) of <paramref name="sentinels"/> exists, <paramref name="timeout"/> passes or
    /// <paramref name="givenUp"/> says so. One request per poll (the next sentinel is asked at once once one is found).
    /// Returns the <see cref="Stopwatch"/> timestamp of the answer that found the last one (never early), or null.
    /// </summary>
    public async Task<long?> WaitForItemsAsync(IReadOnlyList<(string Node, string ItemId)> sentinels, TimeSpan interval, TimeSpan timeout,
        Func<bool> givenUp, CancellationToken cancellationToken)
    {
        var waiting = new Queue<(string Node, string ItemId)>(sentinels);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !givenUp())
        {
            var (node, itemId) = waiting.Peek();
            if (await HasItemAsync(node, itemId, cancellationToken))
            {
                waiting.Dequeue();
                if (waiting.Count == 0)
                {
                    return Stopwatch.GetTimestamp();
                }

                continue;
            }

            await Task.Delay(interval, cancellationToken);
        }

        return null;
    }

    /// <summary>How many items <paramref name="node"/> holds (disco#items); 0 when it does not exist.</summary>
    public async Task<int> CountItemsAsync(string node, CancellationToken cancellationToken)
    {
        var response = await _client.SendIqAsync(_client.CreateIq("get", _service,
            new XElement(DiscoItems + "query", new XAttribute("node", node))), cancellationToken);
        return response.Error is null ? response.Payload?.Elements(DiscoItems + "item").Count() ?? 0 : 0;
    }

    /// <summary>The nodes on the service (disco#items of the service).</summary>
    public async Task<IReadOnlyList<string>> NodesAsync(CancellationToken cancellationToken)
    {
        var response = await _client.SendIqAsync(_client.CreateIq("get", _service, new XElement(DiscoItems + "query")), cancellationToken);
        return response.Payload?.Elements(DiscoItems + "item").Select(i => (string?)i.Attribute("node")).OfType<string>().ToArray() ?? [];
    }

    /// <summary>The items <paramref name="node"/> holds, with their payloads.</summary>
    public Task<IReadOnlyList<PubSubItem>> ItemsAsync(string node, CancellationToken cancellationToken) =>
        new PubSubClient(_client).GetItemsAsync(_service, node, null, cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
