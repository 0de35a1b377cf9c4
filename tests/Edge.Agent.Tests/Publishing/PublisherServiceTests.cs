using System.Xml.Linq;
using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Agent.Tests.Outbox;
using Edge.Testing.Xmpp;
using Edge.Things;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Publishing;

/// <summary>
/// The publisher against a fake pubsub service: a window of publishes in flight, lanes per node, a refused item
/// backing off and parked without blocking the other nodes.
/// </summary>
[TestClass]
public sealed class PublisherServiceTests
{
    private const string Service = "pubsub.example.com";
    private static readonly XNamespace PubSub = PubSubNamespaces.PubSub;

    private string _dir = null!;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Setup() => _dir = Path.Combine(Path.GetTempPath(), "edge-publisher-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private DurableOutbox OpenOutbox() => new(_dir, new OutboxOptions { CommitDelay = TimeSpan.Zero }, TimeProvider.System, NullLogger.Instance);

    private PublisherService Create(ClientHarness h, DurableOutbox outbox, int window = 32, int maxAttempts = 8)
    {
        var options = new AgentOptions { DataDirectory = _dir, PubSub = new PublishOptions { Service = Service, Window = window, MaxAttempts = maxAttempts } };
        return new PublisherService(h.Client, new PubSubClient(h.Client), outbox, Microsoft.Extensions.Options.Options.Create(options), h.Time,
            NullLogger<PublisherService>.Instance);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken ct)
    {
        while (!condition())
        {
            ct.ThrowIfCancellationRequested();
            await Task.Delay(10, ct);
        }

        _ = what;
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Backlog_TwoNodes_WholeWindowInFlightBeforeAnyAnswer()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        await using var outbox = OpenOutbox();
        await outbox.AppendAsync([.. Enumerable.Range(0, 30).Select(i => Readings.Numeric(i % 2 == 0 ? "a" : "b", i))], ct);
        var service = new FakePubSubService() { Hold = true };
        var serving = service.ServeAsync(h.Server, ct);
        var publisher = Create(h, outbox, window: 16);

        await publisher.StartAsync(ct);
        await WaitUntilAsync(() => service.Received.Count == 16, "a full window", ct);
        await Task.Delay(200, ct);

        Assert.AreEqual(16, service.Received.Count, "no more than the window before an answer comes back");
        Assert.AreEqual(16, publisher.InFlight);
        await service.ReleaseAsync(ct);
        await WaitUntilAsync(() => outbox.Count == 0, "the backlog to drain", ct);
        Assert.AreEqual(30, publisher.PublishedCount);
        foreach (var node in new[] { "a", "b" })
        {
            var ids = service.Received.Where(r => r.Node == "edge/user/" + node).Select(r => r.ItemId).ToList();
            CollectionAssert.AreEqual(ids.Order(StringComparer.Ordinal).ToList(), ids, $"node {node}'s items in sampling order");
            Assert.AreEqual(15, ids.Count);
        }

        await publisher.StopAsync(ct);
        await h.Client.DisposeAsync();
        await serving;
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task RefusedItem_OtherNodesGoOn_ItemRetriedWithBackoffThenParked()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        await using var outbox = OpenOutbox();
        var poison = Readings.Numeric("a", 0);
        await outbox.AppendAsync([poison, .. Enumerable.Range(1, 6).Select(i => Readings.Numeric(i % 2 == 0 ? "a" : "b", i))], ct);
        var poisonId = NodeNames.ItemId(poison.Timestamp);
        var service = new FakePubSubService()
        {
            Refuse = (_, id) => id == poisonId
                ? "<error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                : null,
        };
        var serving = service.ServeAsync(h.Server, ct);
        var publisher = Create(h, outbox, maxAttempts: 3);

        await publisher.StartAsync(ct);
        await WaitUntilAsync(() => outbox.Count == 1, "every other reading published", ct);
        Assert.AreEqual(6, publisher.PublishedCount);
        Assert.AreEqual(1, service.Received.Count(r => r.ItemId == poisonId));

        // The lane backs off 1 s, then 2 s (fake clock); the third refusal parks the reading.
        while (outbox.Count > 0)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(10, ct);
        }

        Assert.AreEqual(3, service.Received.Count(r => r.ItemId == poisonId), "attempts until parked");
        Assert.AreEqual(1, outbox.Parked);
        Assert.IsTrue(File.Exists(outbox.ParkedFile));

        // The node goes on after the parked item.
        await outbox.AppendAsync(Readings.Numeric("a", 7), ct);
        await WaitUntilAsync(() => publisher.PublishedCount == 7, "the node's next reading", ct);
        await publisher.StopAsync(ct);
        await h.Client.DisposeAsync();
        await serving;
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Publish_Payload_IsTheReadingAsXep0323Fields()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        await using var outbox = OpenOutbox();
        await outbox.AppendAsync(Readings.AllKinds(), ct);
        var publisher = Create(h, outbox);
        await publisher.StartAsync(ct);

        XElement publish;
        while (true)
        {
            var iq = await h.Server.ReadElementAsync(ct);
            if (iq.Element(PubSub + "pubsub")?.Element(PubSub + "publish") is { } p)
            {
                publish = p;
                await h.Server.SendAsync($"<iq type='result' id='{(string?)iq.Attribute("id")}' from='{Service}'/>", ct);
                break;
            }

            await h.Server.SendAsync($"<iq type='result' id='{(string?)iq.Attribute("id")}' from='{Service}'/>", ct);
        }

        Assert.AreEqual("edge/user/meter", (string?)publish.Attribute("node"));
        var item = publish.Element(PubSub + "item")!;
        Assert.AreEqual("20261123T090000.000Z", (string?)item.Attribute("id"), "the sampling time, UTC");
        var fields = item.Elements().Single();
        Assert.AreEqual(XName.Get("fields", "urn:xmpp:iot:sensordata"), fields.Name);
        Assert.IsTrue(Edge.Iot.SensorData.FieldsElement.TryParseNode(fields.Elements().Single(), TimeZoneInfo.Utc, out var back, out var error), error);
        Assert.AreEqual(10, back.Fields.Count);
        Assert.AreEqual(new ThingReference("meter", "src", "cache"), back.Node);
        await WaitUntilAsync(() => outbox.Count == 0, "the acknowledged reading to leave the outbox", ct);
        await publisher.StopAsync(ct);
    }

    [TestMethod]
    [Timeout(20_000)]
    public async Task Timeouts_ShrinkTheWindow_AcknowledgementsGrowItBack()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.IqTimeout = TimeSpan.FromSeconds(5));
        await h.LoginAsync(ct);
        await using var outbox = OpenOutbox();
        await outbox.AppendAsync([.. Enumerable.Range(0, 40).Select(i => Readings.Numeric("a", i))], ct);
        var service = new FakePubSubService { Hold = true }; // sets nodes up, but answers no publish in time
        var serving = service.ServeAsync(h.Server, ct);
        var publisher = Create(h, outbox, window: 8);
        await publisher.StartAsync(ct);
        await WaitUntilAsync(() => publisher.InFlight == 8, "a full window", ct);
        h.Time.Advance(TimeSpan.FromSeconds(6));
        await WaitUntilAsync(() => publisher.Window == 1, "the window to shrink after the timeouts", ct);
        Assert.IsTrue(publisher.InFlight <= 1, $"{publisher.InFlight} in flight after the timeouts: resending at once would pile on");

        await service.ReleaseAsync(ct);
        await WaitUntilAsync(() => outbox.Count == 0, "the backlog to drain as the window grows back", ct);
        Assert.AreEqual(8, publisher.Window);
        Assert.AreEqual(40, service.Items.Count, "every reading once");
        await publisher.StopAsync(ct);
        await h.Client.DisposeAsync();
        await serving;
    }
}
