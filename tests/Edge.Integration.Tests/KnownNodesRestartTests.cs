using System.Globalization;
using System.Xml.Linq;
using Edge.Agent;
using Edge.Agent.Hosting;
using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Integration.Tests;

/// <summary>
/// A restart publishes to the nodes its earlier run set up without setting them up again (<see cref="KnownNodes"/>),
/// and what happened to them while the agent was off is still put right: a node whose configuration an admin changed
/// is configured back, a deleted node is created again, and no reading is lost.
/// </summary>
[TestClass]
public sealed class KnownNodesRestartTests
{
    private static readonly XNamespace Owner = PubSubNamespaces.Owner;
    private static readonly XNamespace Data = PubSubNamespaces.DataForms;

    [TestMethod]
    [Timeout(180_000)]
    public async Task Restart_NodeDriftedAndNodeDeletedWhileOff_PutRightAndEveryReadingPublished()
    {
        var server = Server.Xmpp;
        using var data = new TempDirectory("edge-it-known-");
        var prefix = "it-" + Guid.NewGuid().ToString("N")[..8] + "/";
        var overrides = new Dictionary<string, string?>
        {
            ["Xmpp:Jid"] = TestAccounts.AgentJid,
            ["Xmpp:Password"] = TestAccounts.AgentPassword,
            ["Xmpp:Resource"] = "agent-known",
            ["Xmpp:Host"] = server.Host,
            ["Xmpp:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Xmpp:Tls:CaFile"] = server.CaFile,
            ["Xmpp:IqTimeout"] = "00:00:10",
            ["Agent:HardwareProfile"] = Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json"),
            ["Agent:DataDirectory"] = data.Path,
            ["Agent:SampleInterval"] = "00:00:00.500",
            ["Agent:PubSub:Service"] = server.PubSubService,
            ["Agent:PubSub:NodePrefix"] = prefix,
            ["Agent:PubSub:MaxItems"] = "200",
        };
        var service = Jid.Parse(server.PubSubService);
        var file = Path.Combine(data.Path, KnownNodes.FileName);

        // First run: every node set up; those the service took publish-options on are recorded.
        var (nodes, key) = await RunAsync(overrides, TimeSpan.Zero);
        var recorded = KnownNodes.Load(file, key, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Nodes;
        if (Server.IsEjabberd)
        {
            // ejabberd advertises publish-options but refuses pubsub#max_items in them (NodePublisher): its nodes are
            // published to plainly, so none is recorded and every start sets them up, as before.
            Assert.AreEqual(0, recorded.Count, string.Join(", ", recorded));
        }
        else
        {
            CollectionAssert.IsSubsetOf(nodes, recorded.ToList(), "every node published to with options is recorded");
        }

        // While the agent is off, its owner account (another resource) changes one node and deletes another.
        var drifted = nodes.First(n => n.EndsWith("/climate", StringComparison.Ordinal));
        var deleted = nodes.First(n => n.EndsWith("/room", StringComparison.Ordinal));
        await using (var owner = new XmppClient(Clients.Agent("known-owner")))
        {
            await owner.ConnectAsync(CancellationToken.None);
            var pubsub = new PubSubClient(owner);
            Assert.IsNull((await pubsub.ConfigureNodeAsync(service, drifted, new Dictionary<string, string> { ["pubsub#max_items"] = "7" },
                CancellationToken.None)).Error);
            Assert.AreEqual("7", await MaxItemsAsync(owner, service, drifted));
            var delete = await owner.SendIqAsync(new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", "set"), new XAttribute("to", service),
                new XElement(Owner + "pubsub", new XElement(Owner + "delete", new XAttribute("node", deleted)))), CancellationToken.None);
            Assert.IsNull(delete.Error, delete.Error?.ToString());
        }

        // Second run on the same data directory: the readings of both nodes get published, and both are put right.
        await RunAsync(overrides, TimeSpan.FromSeconds(3));
        await using var backend = new XmppClient(Clients.Agent("known-check"));
        await backend.ConnectAsync(CancellationToken.None);
        Assert.AreEqual("200", await MaxItemsAsync(backend, service, drifted), "the drifted node is configured back");
        var items = await new PubSubClient(backend).GetItemsAsync(service, deleted, null, CancellationToken.None);
        Assert.IsTrue(items.Count > 0, "the deleted node is created again and published to");
    }

    /// <summary>
    /// One run of the agent until every node has readings published and the outbox is empty after sampling stops;
    /// <paramref name="extra"/> more sampling first. Returns the sensors' nodes and the key of the known-nodes file.
    /// </summary>
    private static async Task<(List<string> Nodes, string Key)> RunAsync(Dictionary<string, string?> overrides, TimeSpan extra)
    {
        using var host = AgentHost.Build(null, overrides, out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<XmppClient>();
            var publisher = host.Services.GetRequiredService<PublisherService>();
            var outbox = host.Services.GetRequiredService<DurableOutbox>();
            await client.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            var start = publisher.PublishedCount;
            await Clients.WaitUntilAsync(() => publisher.PublishedCount > start + 30, TimeSpan.FromSeconds(60), "readings published");
            await Task.Delay(extra);
            await host.Services.GetRequiredService<SamplerService>().StopAsync(CancellationToken.None);
            await Clients.WaitUntilAsync(() => outbox.Count == 0, TimeSpan.FromSeconds(60), "the outbox to drain");
            Assert.AreEqual(0, outbox.Dropped);
            var device = host.Services.GetRequiredService<Edge.Agent.Iot.AgentThingProvider>();
            var options = Options(overrides);
            var nodes = device.Sensors.Select(s => NodeNames.For(options, client.Jid, s.Node.NodeId)).ToList();
            return (nodes, NodePublisher.KnownNodesKey(client, options));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static PublishOptions Options(Dictionary<string, string?> overrides) => new()
    {
        Service = overrides["Agent:PubSub:Service"]!,
        PersistItems = true,
        AccessModel = "open",
        NodePrefix = overrides["Agent:PubSub:NodePrefix"]!,
        MaxItems = int.Parse(overrides["Agent:PubSub:MaxItems"]!, CultureInfo.InvariantCulture),
    };

    /// <summary>The node's <c>pubsub#max_items</c> by its owner's configuration form (XEP-0060 §8.2).</summary>
    private static async Task<string?> MaxItemsAsync(XmppClient owner, Jid service, string node)
    {
        var response = await owner.SendIqAsync(new XElement(XmppNamespaces.Client + "iq", new XAttribute("type", "get"), new XAttribute("to", service),
            new XElement(Owner + "pubsub", new XElement(Owner + "configure", new XAttribute("node", node)))), CancellationToken.None);
        Assert.IsNull(response.Error, response.Error?.ToString());
        return response.Payload?.Descendants(Data + "field").FirstOrDefault(f => (string?)f.Attribute("var") == "pubsub#max_items")
            ?.Element(Data + "value")?.Value;
    }
}
