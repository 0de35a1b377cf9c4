using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Integration.Tests;

[TestClass]
public sealed class PubSubTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task Publish_SubscribedBackend_ReceivesItemWithChosenId()
    {
        var service = Jid.Parse(Server.Xmpp.PubSubService);
        var node = "it-publish-" + Guid.NewGuid().ToString("N");
        await using var agent = new XmppClient(Clients.Agent("pub-a"));
        await using var backend = new XmppClient(Clients.Backend("pub-b"));
        await agent.ConnectAsync(CancellationToken.None);
        await backend.ConnectAsync(CancellationToken.None);
        var agentPubSub = new PubSubClient(agent);
        var backendPubSub = new PubSubClient(backend);
        var received = new TaskCompletionSource<PubSubItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        backendPubSub.ItemReceived += (_, item) => received.TrySetResult(item);

        var created = await agentPubSub.CreateNodeAsync(service, node, null, CancellationToken.None);
        Assert.IsNull(created.Error, created.Error?.ToString());
        var subscribed = await backendPubSub.SubscribeAsync(service, node, CancellationToken.None);
        Assert.IsNull(subscribed.Error, subscribed.Error?.ToString());
        var payload = new XElement(XName.Get("fields", "urn:xmpp:iot:sensordata"), new XAttribute("seqnr", 0));
        var published = await agentPubSub.PublishAsync(service, node, "reading-1", payload, null, CancellationToken.None);
        Assert.IsNull(published.Error, published.Error?.ToString());

        var item = await received.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.AreEqual(node, item.Node);
        Assert.AreEqual("reading-1", item.Id);
        Assert.AreEqual(payload.Name, item.Payload!.Name);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Publish_SameItemIdTwice_NodeHoldsItOnce()
    {
        var service = Jid.Parse(Server.Xmpp.PubSubService);
        var node = "it-replace-" + Guid.NewGuid().ToString("N");
        await using var agent = new XmppClient(Clients.Agent("replace-a"));
        await agent.ConnectAsync(CancellationToken.None);
        var pubsub = new PubSubClient(agent);
        Assert.IsNull((await pubsub.CreateNodeAsync(service, node, null, CancellationToken.None)).Error);

        for (var i = 0; i < 2; i++)
        {
            var r = await pubsub.PublishAsync(service, node, "same-id", new XElement(XName.Get("v", "urn:example"), i), null, CancellationToken.None);
            Assert.IsNull(r.Error, r.Error?.ToString());
        }

        var items = await pubsub.GetItemsAsync(service, node, null, CancellationToken.None);
        Assert.AreEqual(1, items.Count);
        Assert.AreEqual("1", items[0].Payload!.Value);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Publish_Pep_OwnJidNode_Accepted()
    {
        await using var agent = new XmppClient(Clients.Agent("pep-a"));
        await agent.ConnectAsync(CancellationToken.None);
        var pubsub = new PubSubClient(agent);

        var r = await pubsub.PublishAsync(null, "urn:example:edge:pep-test", "current",
            new XElement(XName.Get("fields", "urn:xmpp:iot:sensordata"), new XAttribute("seqnr", 0)), null, CancellationToken.None);

        Assert.IsNull(r.Error, r.Error?.ToString());
        var items = await pubsub.GetItemsAsync(agent.Jid, "urn:example:edge:pep-test", null, CancellationToken.None);
        Assert.AreEqual("current", items.Single().Id);
    }
}
