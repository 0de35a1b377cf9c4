using System.Xml.Linq;
using Edge.Agent.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Integration.Tests.Interop;

/// <summary>A backend that is not ours (slixmpp) subscribes to the device's sensor node and receives its readings.</summary>
[TestClass]
public sealed class PubSubInteropTests
{
    private static readonly XNamespace SensorData = "urn:xmpp:iot:sensordata";

    [TestMethod]
    [Timeout(120_000)]
    public async Task Slixmpp_SubscribesToClimateNode_ReceivesFieldsReadings()
    {
        await using var agent = await AgentUnderTest.StartAsync("pubsub-interop");
        var publisher = agent.Host.Services.GetRequiredService<PublisherService>();
        await Clients.WaitUntilAsync(() => publisher.PublishedCount >= agent.Device.Sensors.Count(), TimeSpan.FromSeconds(30),
            "the agent to create its nodes with a first publish");
        var node = $"{agent.NodePrefix}agent/climate";

        var lines = await SlixBackend.RunAsync("subscribe", "--service", Server.Xmpp.PubSubService, "--node", node, "--count", "2");

        Assert.AreEqual(node, lines[0].GetProperty("subscribed").GetString());
        var items = lines.Skip(1).ToArray();
        Assert.AreEqual(2, items.Length, string.Join(" | ", lines));
        Assert.AreNotEqual(items[0].GetProperty("item").GetString(), items[1].GetProperty("item").GetString(), "one item per reading");
        foreach (var item in items)
        {
            Assert.AreEqual(node, item.GetProperty("node").GetString());
            var fields = SlixBackend.Xml(item, "payload");
            Assert.AreEqual(SensorData + "fields", fields.Name);
            var nodeElement = fields.Element(SensorData + "node");
            Assert.AreEqual("climate", (string?)nodeElement?.Attribute("nodeId"));
            var temperature = nodeElement!.Descendants(SensorData + "numeric").Single(n => (string?)n.Attribute("name") == "Temperature");
            Assert.AreEqual("°C", (string?)temperature.Attribute("unit"));
            Assert.IsTrue(double.TryParse((string?)temperature.Attribute("value"), System.Globalization.CultureInfo.InvariantCulture, out _));
            StringAssert.Matches(item.GetProperty("item").GetString(), new System.Text.RegularExpressions.Regex(@"^\d{8}T\d{6}\.\d{3}Z$"),
                "item id = the sampling time (deterministic per reading)");
        }
    }
}
