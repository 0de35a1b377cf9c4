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
        await using var agent = new XmppClient(ManyUnacknowledged(Clients.Agent("sm-load", proxy.Port)));
        await using var sink = await MessageSink.ConnectAsync("sm-load-sink");
        await agent.ConnectAsync(CancellationToken.None);
        var publisher = Task.Run(() => SendAllAsync(agent, sink.Jid, 0, total, pauseEvery: 10, padding: 0));

        await Clients.WaitUntilAsync(() => agent.UnacknowledgedCount >= 50, TimeSpan.FromSeconds(30), "stanzas in flight");
        proxy.FreezeAllConnections();
        await Task.Delay(300);
        agent.AbortConnection();
        await publisher.WaitAsync(TimeSpan.FromSeconds(60));
        await sink.AssertEachOnceAsync(agent, total, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The long runs' failure: the server stops reading in the middle of a large flush (a backlog replayed), the agent
    /// gives up on the connection (a ping timeout) and resumes. The cut leaves the server only the TLS records it got
    /// whole; Prosody 0.12 goes on parsing the resumed stream with the old connection's parser, so a record that ended
    /// inside a stanza made the resumed stream not-well-formed and cost the session (Edge.Xmpp's FrameWriter now ends
    /// every record between stanzas). The cut is repeated on the resumed connection, as a flaky link would.
    /// </summary>
    [TestMethod]
    [Timeout(240_000)]
    public async Task LinkCutInsideALargeFlush_Resumed_EveryMessageArrivesOnce()
    {
        const int perRound = 1500; // about 850 KB a round: flushes far larger than one TLS record
        await using var proxy = TcpProxy.Start(Server.Xmpp.Host, Server.Xmpp.Port);
        await using var agent = new XmppClient(ManyUnacknowledged(Clients.Agent("sm-cut", proxy.Port)));
        await using var sink = await MessageSink.ConnectAsync("sm-cut-sink");
        await agent.ConnectAsync(CancellationToken.None);

        for (var round = 1; round <= 2; round++)
        {
            // An odd byte count, so that the cut falls wherever a record ends, not on a round boundary.
            proxy.CutAllConnectionsAfter(150_001 + (round * 7_919));
            var first = (round - 1) * perRound;
            var publisher = Task.Run(() => SendAllAsync(agent, sink.Jid, first, perRound, pauseEvery: 0, padding: 240));
            await Clients.WaitUntilAsync(() => proxy.CutConnections >= round, TimeSpan.FromSeconds(60), $"cut {round} inside the burst",
                () => $"{sink.Count} received, resumes {agent.ResumeCount}, sessions {agent.SessionCount}");
            await Task.Delay(200);
            agent.AbortConnection(); // as after a ping timeout
            await Clients.WaitUntilAsync(() => agent.ResumeCount >= round, TimeSpan.FromSeconds(30), $"resumption {round}",
                () => $"state {agent.State}, resumes {agent.ResumeCount}, sessions {agent.SessionCount}, last failure {agent.LastFailure}");
            await publisher.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.AreEqual(1, agent.SessionCount, $"after cut {round} the stream was resumed, never restarted (last failure {agent.LastFailure})");
        }

        await sink.AssertEachOnceAsync(agent, 2 * perRound, TimeSpan.FromSeconds(60));
        Assert.IsTrue(agent.ResumeCount >= 2);
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

    private static XmppClientOptions ManyUnacknowledged(XmppClientOptions options)
    {
        options.AckRequestDelay = TimeSpan.FromSeconds(5); // many stanzas stay unacknowledged
        options.AckRequestBatch = 1000;
        return options;
    }

    /// <summary>Sends messages m(first) … m(first+count-1), each once accepted, waiting out a lost connection and trying again.</summary>
    private static async Task SendAllAsync(XmppClient agent, string to, int first, int count, int pauseEvery, int padding)
    {
        var filler = new string('°', padding); // two bytes each in UTF-8
        for (var i = first; i < first + count; i++)
        {
            var stanza = new XElement(XmppNamespaces.Client + "message", new XAttribute("to", to), new XAttribute("type", "chat"),
                new XElement(XmppNamespaces.Client + "body", padding > 0 ? $"m{i} {filler}" : "m" + i));
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

            if (pauseEvery > 0 && i % pauseEvery == 0)
            {
                await Task.Delay(5);
            }
        }
    }

    /// <summary>The backend, counting each message body's key (m0, m1 …) as it arrives.</summary>
    private sealed class MessageSink : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, int> _received = new();
        private readonly XmppClient _backend;

        private MessageSink(XmppClient backend)
        {
            _backend = backend;
            backend.OnMessage((m, _) =>
            {
                var body = m.Element(XmppNamespaces.Client + "body")?.Value;
                if (body is not null)
                {
                    _received.AddOrUpdate(body.Split(' ')[0], 1, (_, n) => n + 1);
                }

                return ValueTask.CompletedTask;
            });
        }

        public string Jid => _backend.BoundJid!.ToString();

        public int Count => _received.Count;

        public static async Task<MessageSink> ConnectAsync(string resource)
        {
            var sink = new MessageSink(new XmppClient(Clients.Backend(resource)));
            try
            {
                await sink._backend.ConnectAsync(CancellationToken.None);
                return sink;
            }
            catch
            {
                await sink.DisposeAsync();
                throw;
            }
        }

        /// <summary>Every message arrived exactly once, and the agent's stream was only ever resumed, never restarted.</summary>
        public async Task AssertEachOnceAsync(XmppClient agent, int total, TimeSpan timeout)
        {
            await Clients.WaitUntilAsync(() => _received.Count == total, timeout, "every message",
                () => $"{_received.Count} received, resumes {agent.ResumeCount}, sessions {agent.SessionCount}, missing "
                    + string.Join(' ', Enumerable.Range(0, total).Where(i => !_received.ContainsKey("m" + i)).Take(50)));
            Assert.AreEqual(1, agent.SessionCount, "the stream was resumed, never restarted (a not-well-formed close forces a new session)");
            Assert.IsTrue(agent.ResumeCount >= 1);
            Assert.AreEqual(0, _received.Values.Count(n => n != 1), "each message exactly once");
        }

        public ValueTask DisposeAsync() => _backend.DisposeAsync();
    }
}
