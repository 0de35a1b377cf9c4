using System.Xml.Linq;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Integration.Tests;

[TestClass]
public sealed class StreamManagementTests
{
    [TestMethod]
    [Timeout(90_000)]
    public async Task ConnectionCut_WithStreamManagement_SessionResumedAndUsable()
    {
        await using var proxy = TcpProxy.Start(Server.Xmpp.Host, Server.Xmpp.Port);
        await using var agent = new XmppClient(Clients.Agent("sm-resume", proxy.Port));
        var resumed = new TaskCompletionSource<XmppConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Connected += (_, e) =>
        {
            if (e.Resumed)
            {
                resumed.TrySetResult(e);
            }
        };
        await agent.ConnectAsync(CancellationToken.None);
        var bound = agent.BoundJid;
        await agent.PingAsync(Jid.Parse(Server.Xmpp.Domain), CancellationToken.None);

        proxy.DropAllConnections();

        var e = await resumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.AreEqual(bound, e.BoundJid);
        Assert.AreEqual(1, agent.ResumeCount);
        Assert.AreEqual(1, agent.SessionCount, "resumed, not logged in afresh");
        await agent.PingAsync(Jid.Parse(Server.Xmpp.Domain), CancellationToken.None);
        await Clients.WaitUntilAsync(() => agent.UnacknowledgedCount == 0, TimeSpan.FromSeconds(10), "the server to ack everything");
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task ConnectionCut_DuringPublishes_EveryItemArrivesOnce()
    {
        var service = Jid.Parse(Server.Xmpp.PubSubService);
        var node = "it-sm-" + Guid.NewGuid().ToString("N");
        await using var proxy = TcpProxy.Start(Server.Xmpp.Host, Server.Xmpp.Port);
        await using var agent = new XmppClient(Clients.Agent("sm-publish", proxy.Port));
        await agent.ConnectAsync(CancellationToken.None);
        var pubsub = new PubSubClient(agent);
        Assert.IsNull((await pubsub.CreateNodeAsync(service, node, new Dictionary<string, string> { ["pubsub#max_items"] = "100" },
            CancellationToken.None)).Error);

        // Publish 40 items; cut the connection in the middle; retry each failed publish with the same id, as the outbox does.
        for (var i = 0; i < 40; i++)
        {
            if (i == 20)
            {
                proxy.DropAllConnections();
            }

            while (true)
            {
                try
                {
                    await agent.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                    var r = await pubsub.PublishAsync(service, node, "item-" + i, new XElement(XName.Get("v", "urn:example"), i), null,
                        CancellationToken.None);
                    Assert.IsNull(r.Error, r.Error?.ToString());
                    break;
                }
                catch (XmppConnectionException)
                {
                }
            }
        }

        var items = await pubsub.GetItemsAsync(service, node, null, CancellationToken.None);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 40).Select(i => "item-" + i).ToList(), items.Select(i => i.Id).ToList());
    }
}
