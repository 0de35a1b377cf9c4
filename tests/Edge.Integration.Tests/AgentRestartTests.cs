using Edge.Agent.Hosting;
using Edge.Agent.Iot;
using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Integration.Tests;

[TestClass]
public sealed class AgentRestartTests
{
    [TestMethod]
    [Timeout(180_000)]
    public async Task ServerRestart_WhileAgentPublishes_NoReadingLostNoneTwice()
    {
        var server = Server.Xmpp;
        var prefix = "it-" + Guid.NewGuid().ToString("N")[..8] + "/";
        var data = Path.Combine(Path.GetTempPath(), "edge-it-" + Guid.NewGuid().ToString("N"));
        var overrides = new Dictionary<string, string?>
        {
            ["Xmpp:Jid"] = TestAccounts.AgentJid,
            ["Xmpp:Password"] = TestAccounts.AgentPassword,
            ["Xmpp:Resource"] = "agent-restart",
            ["Xmpp:Host"] = server.Host,
            ["Xmpp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Xmpp:Tls:CaFile"] = server.CaFile,
            ["Xmpp:ReconnectInitialDelay"] = "00:00:00.200",
            ["Xmpp:ReconnectMaxDelay"] = "00:00:02",
            ["Xmpp:IqTimeout"] = "00:00:05",
            ["Agent:HardwareProfile"] = Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json"),
            ["Agent:DataDirectory"] = data,
            ["Agent:SampleInterval"] = "00:00:00.500",
            ["Agent:PubSub:Service"] = server.PubSubService,
            ["Agent:PubSub:NodePrefix"] = prefix,
            ["Agent:PubSub:MaxItems"] = "200",
        };
        using var host = AgentHost.Build(null, overrides, out var errors) ?? throw new AssertFailedException(string.Join("; ", errors));
        await host.StartAsync();
        var client = host.Services.GetRequiredService<XmppClient>();
        var outbox = host.Services.GetRequiredService<DurableOutbox>();
        var publisher = host.Services.GetRequiredService<PublisherService>();
        await client.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await Clients.WaitUntilAsync(() => publisher.PublishedCount > 20, TimeSpan.FromSeconds(30), "first publishes");

        await server.RestartAsync();
        var sessionsBefore = client.SessionCount;
        await Clients.WaitUntilAsync(() => client.SessionCount > sessionsBefore && client.State == XmppClientState.Connected,
            TimeSpan.FromSeconds(60), "the agent to reconnect after the restart");
        var publishedAtReconnect = publisher.PublishedCount;
        await Clients.WaitUntilAsync(() => publisher.PublishedCount > publishedAtReconnect + 20, TimeSpan.FromSeconds(30), "publishing to carry on");

        // Stop sampling, let the outbox drain, then count what the server holds.
        await host.Services.GetRequiredService<SamplerService>().StopAsync(CancellationToken.None);
        await Clients.WaitUntilAsync(() => outbox.Count == 0, TimeSpan.FromSeconds(60), "the outbox to drain");
        var sampled = outbox.NextSequence;
        await host.StopAsync();

        await using var backend = new XmppClient(Clients.Backend("restart-check"));
        await backend.ConnectAsync(CancellationToken.None);
        var pubsub = new PubSubClient(backend);
        var device = host.Services.GetRequiredService<AgentThingProvider>();
        var total = 0;
        // Every node the outbox feeds: the sensors' and the demand-response status node (the sim has managed loads).
        foreach (var nodeId in device.Sensors.Select(s => s.Node.NodeId).Append(Edge.Agent.DemandResponse.DemandResponseFields.StatusNodeId))
        {
            var node = NodeNames.For(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Edge.Agent.AgentOptions>>().Value.PubSub,
                client.Jid, nodeId);
            var items = await pubsub.GetItemsAsync(Jid.Parse(server.PubSubService), node, null, CancellationToken.None);
            Assert.AreEqual(items.Count, items.Select(i => i.Id).Distinct().Count());
            total += items.Count;
        }

        Assert.AreEqual(0, outbox.Dropped);
        Assert.AreEqual(sampled, total, "every sampled reading is on the server exactly once");
        Directory.Delete(data, recursive: true);
    }
}
