using System.Collections.Concurrent;
using System.Xml.Linq;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Integration.Tests;

[TestClass]
public sealed class ResumeUnderLoadTests
{
    [TestMethod]
    [Timeout(120_000)]
    public async Task FrozenThenAborted_WhilePublishing_ResumesAndEveryMessageArrivesOnce()
    {
        const int total = 600;
        await using var proxy = TcpProxy.Start(Server.Xmpp.Host, Server.Xmpp.Port);
        var agentOptions = Clients.Agent("sm-load", proxy.Port);
        agentOptions.AckRequestDelay = TimeSpan.FromSeconds(5); // many stanzas stay unacknowledged
        agentOptions.AckRequestBatch = 1000;
        await using var agent = new XmppClient(agentOptions);
        await using var backend = new XmppClient(Clients.Backend("sm-load-sink"));
        var received = new ConcurrentDictionary<string, int>();
        backend.OnMessage((m, _) =>
        {
            var body = m.Element(XmppNamespaces.Client + "body")?.Value;
            if (body is not null)
            {
                received.AddOrUpdate(body, 1, (_, n) => n + 1);
            }

            return ValueTask.CompletedTask;
        });
        await backend.ConnectAsync(CancellationToken.None);
        await agent.ConnectAsync(CancellationToken.None);
        var to = backend.BoundJid!.ToString();

        var publisher = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                var stanza = new XElement(XmppNamespaces.Client + "message", new XAttribute("to", to), new XAttribute("type", "chat"),
                    new XElement(XmppNamespaces.Client + "body", "m" + i));
                while (true)
                {
                    try
                    {
                        await agent.SendAsync(stanza, CancellationToken.None);
                        break;
                    }
                    catch (XmppConnectionException)
                    {
                        await agent.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                    }
                }

                if (i % 10 == 0)
                {
                    await Task.Delay(5);
                }
            }
        });

        await Clients.WaitUntilAsync(() => agent.UnacknowledgedCount >= 50, TimeSpan.FromSeconds(30), "stanzas in flight");
        proxy.FreezeAllConnections();
        await Task.Delay(300);
        agent.AbortConnection();
        await publisher.WaitAsync(TimeSpan.FromSeconds(60));
        await Clients.WaitUntilAsync(() => received.Count == total, TimeSpan.FromSeconds(30), "every message",
            () => $"{received.Count} received, resumes {agent.ResumeCount}, sessions {agent.SessionCount}, missing "
                + string.Join(' ', Enumerable.Range(0, total).Where(i => !received.ContainsKey("m" + i))));
        Assert.AreEqual(1, agent.SessionCount, "the stream was resumed, never restarted (a not-well-formed close forces a new session)");
        Assert.IsTrue(agent.ResumeCount >= 1);
        Assert.AreEqual(0, received.Values.Count(n => n != 1), "each message exactly once");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task FrozenThenAborted_WhilePublishingItems_ResumesAndEveryItemArrives()
    {
        const int total = 300;
        var service = Jid.Parse(Server.Xmpp.PubSubService);
        var node = "it-resume-" + Guid.NewGuid().ToString("N");
        await using var proxy = TcpProxy.Start(Server.Xmpp.Host, Server.Xmpp.Port);
        await using var agent = new XmppClient(Clients.Agent("sm-load-items", proxy.Port));
        await agent.ConnectAsync(CancellationToken.None);
        var pubsub = new PubSubClient(agent);
        Assert.IsNull((await pubsub.CreateNodeAsync(service, node, new Dictionary<string, string> { ["pubsub#max_items"] = "1000" },
            CancellationToken.None)).Error);

        using var window = new SemaphoreSlim(40);
        var publishes = new List<Task>();
        async Task PublishAsync(int i)
        {
            try
            {
                while (true)
                {
                    try
                    {
                        await agent.WaitForConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                        var r = await pubsub.PublishAsync(service, node, "item-" + i,
                            new XElement(XName.Get("fields", "urn:xmpp:iot:sensordata"), new XAttribute("seqnr", i)), null, CancellationToken.None);
                        Assert.IsNull(r.Error, r.Error?.ToString());
                        return;
                    }
                    catch (XmppException)
                    {
                    }
                }
            }
            finally
            {
                window.Release();
            }
        }

        for (var i = 0; i < total; i++)
        {
            Assert.IsTrue(await window.WaitAsync(TimeSpan.FromSeconds(40)),
                $"window stuck at {i}: state {agent.State}, resumes {agent.ResumeCount}, sessions {agent.SessionCount}, unacked {agent.UnacknowledgedCount}");
            publishes.Add(PublishAsync(i));
            if (i == 100)
            {
                // The server goes silent with publishes in flight; the client gives up on it (as after a ping timeout)
                // while more publishes queue up.
                proxy.FreezeAllConnections();
                _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => agent.AbortConnection(), TaskScheduler.Default);
            }
        }

        await Clients.WaitUntilAsync(() => publishes.All(p => p.IsCompleted), TimeSpan.FromSeconds(60), "every publish",
            () => $"{publishes.Count(p => p.IsCompleted)} done, state {agent.State}, resumes {agent.ResumeCount}, sessions {agent.SessionCount}, unacked {agent.UnacknowledgedCount}");
        var items = await pubsub.GetItemsAsync(service, node, null, CancellationToken.None);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, total).Select(i => "item-" + i).ToList(), items.Select(i => i.Id).ToList());
        Assert.AreEqual(1, agent.SessionCount, "the stream was resumed, never restarted (a not-well-formed close forces a new session)");
        Assert.IsTrue(agent.ResumeCount >= 1);
    }
}
