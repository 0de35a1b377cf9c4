using System.Xml.Linq;
using Edge.Agent.Publishing;
using Edge.Testing;
using Edge.Testing.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Publishing;

/// <summary>
/// The nodes an earlier run set up (<see cref="KnownNodes"/>): the file itself, and transcripts of a restarted publisher
/// that publishes to them at once against a fake pubsub service — drifted, deleted and option-refusing nodes included.
/// </summary>
[TestClass]
public sealed class KnownNodesTests
{
    private const string Service = "pubsub.example.com";
    private const string Node = "edge/user/climate";
    private static readonly XNamespace PubSub = PubSubNamespaces.PubSub;
    private static readonly XNamespace Owner = PubSubNamespaces.Owner;
    private static readonly PublishOptions Options = new() { Service = Service, MaxItems = 50, AccessModel = "open" };

    public TestContext TestContext { get; set; } = null!;

    private static XElement Payload => new(XNamespace.Get("urn:xmpp:iot:sensordata") + "fields", new XAttribute("seqnr", "0"));

    private static string KeyOf(ClientHarness h) => NodePublisher.KnownNodesKey(h.Client, Options);

    private static async Task ReplyAsync(ClientHarness h, XElement request, string inner, CancellationToken ct) =>
        await h.Server.SendAsync($"<iq type='result' id='{(string?)request.Attribute("id")}' from='{Service}'>{inner}</iq>", ct);

    private static async Task ReplyErrorAsync(ClientHarness h, XElement request, string error, CancellationToken ct) =>
        await h.Server.SendAsync($"<iq type='error' id='{(string?)request.Attribute("id")}' from='{Service}'>{error}</iq>", ct);

    /// <summary>A publisher whose earlier run set <see cref="Node"/> up.</summary>
    private static (NodePublisher Publisher, string File) Restarted(ClientHarness h, TempDirectory data)
    {
        var file = data.Combine(KnownNodes.FileName);
        KnownNodes.Load(file, KeyOf(h), NullLogger.Instance).Add(Node);
        return (new NodePublisher(h.Client, new PubSubClient(h.Client), Options, NullLogger.Instance,
            KnownNodes.Load(file, KeyOf(h), NullLogger.Instance)), file);
    }

    private static async Task<XElement> ReadPublishAsync(ClientHarness h, bool withOptions, CancellationToken ct)
    {
        var publish = await h.Server.ReadElementAsync(ct);
        var pubsub = publish.Elements().Single();
        Assert.AreEqual(Node, (string?)pubsub.Element(PubSub + "publish")?.Attribute("node"), "a publish, not a set-up: " + publish);
        Assert.AreEqual(withOptions, pubsub.Element(PubSub + "publish-options") is not null, publish.ToString());
        return publish;
    }

    [TestMethod]
    public void Load_SameKey_NodesBack_OtherKeyOrNoFileOrGarbage_None()
    {
        using var data = new TempDirectory();
        var file = data.Combine(KnownNodes.FileName);
        var configuration = new Dictionary<string, string> { ["pubsub#max_items"] = "50", ["pubsub#access_model"] = "open" };
        var key = KnownNodes.KeyFor(Service, "dev@example.com", configuration);
        Assert.AreEqual(0, KnownNodes.Load(file, key, NullLogger.Instance).Nodes.Count, "no file yet");

        var known = KnownNodes.Load(file, key, NullLogger.Instance);
        known.Add("edge/dev/a");
        known.Add("edge/dev/b");
        known.Add("edge/dev/c");
        known.Remove("edge/dev/b");
        CollectionAssert.AreEquivalent(new[] { "edge/dev/a", "edge/dev/c" }, KnownNodes.Load(file, key, NullLogger.Instance).Nodes.ToList());

        // Another configuration, service or account: nothing known (the preconditions were for other values).
        configuration["pubsub#max_items"] = "100";
        Assert.AreEqual(0, KnownNodes.Load(file, KnownNodes.KeyFor(Service, "dev@example.com", configuration), NullLogger.Instance).Nodes.Count);
        Assert.AreEqual(0, KnownNodes.Load(file, KnownNodes.KeyFor("", "dev@example.com", configuration), NullLogger.Instance).Nodes.Count);

        File.WriteAllText(file, "\0\u0001garbage\nnode edge/dev/x\n");
        Assert.AreEqual(0, KnownNodes.Load(file, key, NullLogger.Instance).Nodes.Count, "no key line: nothing known");
        Assert.IsFalse(File.Exists(file + ".tmp"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task FirstRun_NodeSetUpAndPublishedWithOptions_Recorded()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var data = new TempDirectory();
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var file = data.Combine(KnownNodes.FileName);
        var publisher = new NodePublisher(h.Client, new PubSubClient(h.Client), Options, NullLogger.Instance,
            KnownNodes.Load(file, KeyOf(h), NullLogger.Instance));
        Assert.IsFalse(publisher.IsReady(Node));

        var publishing = publisher.PublishAsync(Node, "20261206T100000.000Z", Payload, ct);
        var create = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Node, (string?)create.Elements().Single().Element(PubSub + "create")?.Attribute("node"), create.ToString());
        await ReplyAsync(h, create, string.Empty, ct);
        var disco = await h.Server.ReadElementAsync(ct);
        await ReplyAsync(h, disco, "<query xmlns='http://jabber.org/protocol/disco#info'><identity category='pubsub' type='service'/>"
            + "<feature var='http://jabber.org/protocol/pubsub#publish-options'/></query>", ct);
        Assert.IsFalse(File.Exists(file), "nothing recorded before the service took a publish with the options");
        await ReplyAsync(h, await ReadPublishAsync(h, withOptions: true, ct), string.Empty, ct);

        Assert.IsNull((await publishing).Error);
        CollectionAssert.AreEqual(new[] { Node }, KnownNodes.Load(file, KeyOf(h), NullLogger.Instance).Nodes.ToList());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_KnownNode_FirstPublishGoesOutAtOnceWithItsOptions()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var data = new TempDirectory();
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var (publisher, _) = Restarted(h, data);
        Assert.IsTrue(publisher.IsReady(Node), "ready before any round trip");

        var publishing = publisher.PublishAsync(Node, "20261206T100000.000Z", Payload, ct);
        await ReplyAsync(h, await ReadPublishAsync(h, withOptions: true, ct), string.Empty, ct);
        Assert.IsNull((await publishing).Error);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_NodeDriftedWhileOff_ConfiguredAgainAndPublished()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var data = new TempDirectory();
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var (publisher, file) = Restarted(h, data);

        var publishing = publisher.PublishAsync(Node, "20261206T100000.000Z", Payload, ct);
        await ReplyErrorAsync(h, await ReadPublishAsync(h, withOptions: true, ct), "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<precondition-not-met xmlns='http://jabber.org/protocol/pubsub#errors'/></error>", ct);
        var configure = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Node, (string?)configure.Elements().Single().Element(Owner + "configure")?.Attribute("node"), configure.ToString());
        await ReplyAsync(h, configure, string.Empty, ct);
        await ReplyAsync(h, await ReadPublishAsync(h, withOptions: true, ct), string.Empty, ct);

        Assert.IsNull((await publishing).Error);
        CollectionAssert.Contains(KnownNodes.Load(file, KeyOf(h), NullLogger.Instance).Nodes.ToList(), Node);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_NodeDeletedWhileOff_ForgottenThenCreatedAgainOnTheNextPublish()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var data = new TempDirectory();
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var (publisher, file) = Restarted(h, data);

        var first = publisher.PublishAsync(Node, "20261206T100000.000Z", Payload, ct);
        await ReplyErrorAsync(h, await ReadPublishAsync(h, withOptions: true, ct),
            "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ct);
        Assert.AreEqual("item-not-found", (await first).Error?.Condition, "the publisher sends this reading again");
        Assert.IsFalse(publisher.IsReady(Node));
        Assert.AreEqual(0, KnownNodes.Load(file, KeyOf(h), NullLogger.Instance).Nodes.Count);

        var again = publisher.PublishAsync(Node, "20261206T100000.000Z", Payload, ct);
        var create = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Node, (string?)create.Elements().Single().Element(PubSub + "create")?.Attribute("node"), create.ToString());
        await ReplyAsync(h, create, string.Empty, ct);
        await ReplyAsync(h, await ReadPublishAsync(h, withOptions: true, ct), string.Empty, ct);
        Assert.IsNull((await again).Error);
        CollectionAssert.Contains(KnownNodes.Load(file, KeyOf(h), NullLogger.Instance).Nodes.ToList(), Node);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Restart_ServiceRefusesTheOptions_PublishedPlainlyAndForgotten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var data = new TempDirectory();
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var (publisher, file) = Restarted(h, data);

        // ejabberd 23.01: publish-options advertised, pubsub#max_items answered with wait/resource-constraint.
        var publishing = publisher.PublishAsync(Node, "20261206T100000.000Z", Payload, ct);
        await ReplyErrorAsync(h, await ReadPublishAsync(h, withOptions: true, ct),
            "<error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ct);
        await ReplyAsync(h, await ReadPublishAsync(h, withOptions: false, ct), string.Empty, ct);

        Assert.IsNull((await publishing).Error);
        Assert.AreEqual(0, KnownNodes.Load(file, KeyOf(h), NullLogger.Instance).Nodes.Count, "set up in full at the next start");
    }
}
