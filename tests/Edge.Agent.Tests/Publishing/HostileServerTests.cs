using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Agent.Tests.Outbox;
using Edge.Testing.Xmpp;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Edge.Xmpp.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Nerdbank.Streams;

namespace Edge.Agent.Tests.Publishing;

/// <summary>
/// The publishing path against a server that turns hostile mid-stream: each connection, after a few publishes, sends
/// malformed or forbidden XML instead of an answer. The client ends that stream with the stream error and reconnects;
/// at the end every reading appended is on the fake service exactly once, none lost.
/// </summary>
[TestClass]
public sealed class HostileServerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(60_000)]
    public async Task Publisher_ServerSendsHostileXml_ReconnectsAndLosesNothing()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        string[] hostile =
        [
            "<message><body>x</message>", // a mismatched end tag: not-well-formed
            "<!DOCTYPE x [<!ENTITY a 'b'>]><message/>", // a DTD: restricted-xml
            "<message><body>" + new string('x', 70_000) + "</body></message>", // over MaxStanzaBytes: policy-violation
            "<iq type='result' id='", // an attribute never closed, and the next answer runs into it: not-well-formed
        ];
        var service = new FakePubSubService();
        var connections = new List<Task>();
        var options = new XmppClientOptions
        {
            Jid = "user@example.com",
            Password = "pencil",
            Resource = "meter-7",
            PingInterval = TimeSpan.FromSeconds(1),
            IqTimeout = TimeSpan.FromSeconds(1),
            MaxStanzaBytes = 65_536,
            AutoReconnect = true,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            StreamManagement = false,
        };
        options.Tls.Required = false;
        await using var client = new XmppClient(options, transportFactory: () =>
        {
            var (clientStream, serverStream) = FullDuplexStream.CreatePair();
            lock (connections)
            {
                var n = connections.Count;
                var server = new FakeXmppServer(serverStream);
                connections.Add(Task.Run(async () =>
                {
                    await ClientHarness.AcceptLoginAsync(server, "meter-7", ct);
                    await service.ServeAsync(server, ct, hostileAfter: 5, hostile: n < hostile.Length ? hostile[n] : null);
                }, ct));
            }

            return new StreamTransport(clientStream);
        });

        var dir = Path.Combine(Path.GetTempPath(), "edge-hostile-" + Guid.NewGuid().ToString("N"));
        await using var outbox = new DurableOutbox(dir, new OutboxOptions { CommitDelay = TimeSpan.Zero }, TimeProvider.System, NullLogger.Instance);
        var agent = new AgentOptions { DataDirectory = dir, PubSub = new PublishOptions { Service = "pubsub.example.com", Window = 4 } };
        var publisher = new PublisherService(client, new PubSubClient(client), outbox, Microsoft.Extensions.Options.Options.Create(agent),
            TimeProvider.System, NullLogger<PublisherService>.Instance);
        try
        {
            await client.ConnectAsync(ct);
            await publisher.StartAsync(ct);
            for (var i = 0; i < 60; i++)
            {
                await outbox.AppendAsync(Readings.Numeric("n" + (i % 3), i), ct);
                await Task.Delay(20, ct);
            }

            while (outbox.Count > 0)
            {
                await Task.Delay(20, ct);
            }

            Assert.IsTrue(connections.Count > hostile.Length, $"{connections.Count} connections: every hostile one was left");
            Assert.AreEqual(60, publisher.PublishedCount);
            Assert.AreEqual(60, service.Items.Count, "every reading on the service once (ids are unique per reading)");
            Assert.AreEqual(0, outbox.Dropped + outbox.Parked);
            await publisher.StopAsync(ct);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
