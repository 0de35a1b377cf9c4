using System.Xml.Linq;
using Edge.Agent.Publishing;
using Edge.Testing.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Tests.Publishing;

/// <summary>Transcripts of node creation and publish-options negotiation against a fake pubsub service.</summary>
[TestClass]
public sealed class NodePublisherTests
{
    private const string Service = "pubsub.example.com";
    private static readonly XNamespace PubSub = PubSubNamespaces.PubSub;
    private static readonly XNamespace Owner = PubSubNamespaces.Owner;
    private static readonly XNamespace Data = PubSubNamespaces.DataForms;
    private static readonly XNamespace Disco = "http://jabber.org/protocol/disco#info";

    public TestContext TestContext { get; set; } = null!;

    private static NodePublisher Create(ClientHarness h) =>
        new(h.Client, new PubSubClient(h.Client), new PublishOptions { Service = Service, MaxItems = 50, AccessModel = "open" },
            NullLogger.Instance);

    private static XElement Payload => new(XNamespace.Get("urn:xmpp:iot:sensordata") + "fields", new XAttribute("seqnr", "0"));

    private static async Task ReplyAsync(ClientHarness h, XElement request, string inner, CancellationToken ct) =>
        await h.Server.SendAsync($"<iq type='result' id='{(string?)request.Attribute("id")}' from='{Service}'>{inner}</iq>", ct);

    private static async Task ReplyErrorAsync(ClientHarness h, XElement request, string error, CancellationToken ct) =>
        await h.Server.SendAsync($"<iq type='error' id='{(string?)request.Attribute("id")}' from='{Service}'>{error}</iq>", ct);

    private static async Task AnswerCreateAndDiscoAsync(ClientHarness h, bool publishOptions, CancellationToken ct)
    {
        // C: <iq type='set' to='pubsub.example.com'><pubsub><create node='edge/user/climate'/><configure><x type='submit'>…
        var create = await h.Server.ReadElementAsync(ct);
        var pubsub = create.Elements().Single();
        Assert.AreEqual(PubSub + "pubsub", pubsub.Name);
        Assert.AreEqual("edge/user/climate", (string?)pubsub.Element(PubSub + "create")?.Attribute("node"));
        Assert.AreEqual("50", FormValue(pubsub.Element(PubSub + "configure")!, "pubsub#max_items"));
        await ReplyAsync(h, create, string.Empty, ct);

        // C: <iq type='get' to='pubsub.example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
        var disco = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Disco + "query", disco.Elements().Single().Name);
        Assert.AreEqual(Service, (string?)disco.Attribute("to"));
        string feature = publishOptions ? "<feature var='http://jabber.org/protocol/pubsub#publish-options'/>" : string.Empty;
        await ReplyAsync(h, disco, "<query xmlns='http://jabber.org/protocol/disco#info'><identity category='pubsub' type='service'/>"
            + "<feature var='http://jabber.org/protocol/pubsub'/>" + feature + "</query>", ct);
    }

    private static string? FormValue(XElement parent, string var) =>
        parent.Element(Data + "x")?.Elements(Data + "field").FirstOrDefault(f => (string?)f.Attribute("var") == var)?.Element(Data + "value")?.Value;

    [TestMethod]
    [Timeout(10_000)]
    public async Task PublishAsync_ServiceWithPublishOptions_ItemCarriesTheNodeConfiguration()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var publisher = Create(h);

        var publishing = publisher.PublishAsync("edge/user/climate", "20261123T100000.000Z", Payload, ct);
        await AnswerCreateAndDiscoAsync(h, publishOptions: true, ct);

        var publish = await h.Server.ReadElementAsync(ct);
        var pubsub = publish.Elements().Single();
        Assert.AreEqual("20261123T100000.000Z", (string?)pubsub.Element(PubSub + "publish")?.Element(PubSub + "item")?.Attribute("id"));
        var options = pubsub.Element(PubSub + "publish-options");
        Assert.IsNotNull(options, publish.ToString());
        Assert.AreEqual(PubSubNamespaces.PublishOptionsFormType, FormValue(options, "FORM_TYPE"));
        Assert.AreEqual("true", FormValue(options, "pubsub#persist_items"));
        Assert.AreEqual("50", FormValue(options, "pubsub#max_items"));
        Assert.AreEqual("open", FormValue(options, "pubsub#access_model"));
        await ReplyAsync(h, publish, string.Empty, ct);

        Assert.IsNull((await publishing).Error);
        Assert.IsTrue(publisher.UsesPublishOptions);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task PublishAsync_ServiceWithoutPublishOptions_PlainPublish()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var publisher = Create(h);

        var publishing = publisher.PublishAsync("edge/user/climate", "i1", Payload, ct);
        await AnswerCreateAndDiscoAsync(h, publishOptions: false, ct);

        var publish = await h.Server.ReadElementAsync(ct);
        Assert.IsNull(publish.Elements().Single().Element(PubSub + "publish-options"), publish.ToString());
        await ReplyAsync(h, publish, string.Empty, ct);
        Assert.IsNull((await publishing).Error);
        Assert.IsFalse(publisher.UsesPublishOptions);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task PublishAsync_PreconditionNotMet_ReconfiguresThenPublishesAgain()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var publisher = Create(h);

        var publishing = publisher.PublishAsync("edge/user/climate", "i1", Payload, ct);
        await AnswerCreateAndDiscoAsync(h, publishOptions: true, ct);
        var first = await h.Server.ReadElementAsync(ct);
        await ReplyErrorAsync(h, first, "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<precondition-not-met xmlns='http://jabber.org/protocol/pubsub#errors'/></error>", ct);

        // C: <iq type='set'><pubsub xmlns='…#owner'><configure node='edge/user/climate'><x type='submit'>…
        var configure = await h.Server.ReadElementAsync(ct);
        var owner = configure.Elements().Single();
        Assert.AreEqual(Owner + "pubsub", owner.Name);
        Assert.AreEqual("edge/user/climate", (string?)owner.Element(Owner + "configure")?.Attribute("node"));
        Assert.AreEqual("50", FormValue(owner.Element(Owner + "configure")!, "pubsub#max_items"));
        await ReplyAsync(h, configure, string.Empty, ct);

        var second = await h.Server.ReadElementAsync(ct);
        Assert.IsNotNull(second.Elements().Single().Element(PubSub + "publish-options"));
        Assert.AreEqual("i1", (string?)second.Elements().Single().Element(PubSub + "publish")?.Element(PubSub + "item")?.Attribute("id"));
        await ReplyAsync(h, second, string.Empty, ct);
        Assert.IsNull((await publishing).Error);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task PublishAsync_OptionsRefused_FallsBackToPlainForGood()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var publisher = Create(h);

        var publishing = publisher.PublishAsync("edge/user/climate", "i1", Payload, ct);
        await AnswerCreateAndDiscoAsync(h, publishOptions: true, ct);
        var first = await h.Server.ReadElementAsync(ct);
        await ReplyErrorAsync(h, first, "<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ct);

        var plain = await h.Server.ReadElementAsync(ct);
        Assert.IsNull(plain.Elements().Single().Element(PubSub + "publish-options"));
        await ReplyAsync(h, plain, string.Empty, ct);
        Assert.IsNull((await publishing).Error);
        Assert.IsFalse(publisher.UsesPublishOptionsOn("edge/user/climate"));
        Assert.IsTrue(publisher.UsesPublishOptions, "the service still advertises them; only this node goes without");

        var next = publisher.PublishAsync("edge/user/climate", "i2", Payload, ct);
        var again = await h.Server.ReadElementAsync(ct);
        Assert.IsNull(again.Elements().Single().Element(PubSub + "publish-options"), "no second attempt with options");
        Assert.AreEqual("i2", (string?)again.Elements().Single().Element(PubSub + "publish")?.Element(PubSub + "item")?.Attribute("id"));
        await ReplyAsync(h, again, string.Empty, ct);
        Assert.IsNull((await next).Error);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task PublishAsync_NodeExists_ConfiguredInsteadOfCreated()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var publisher = Create(h);

        var publishing = publisher.PublishAsync("edge/user/climate", "i1", Payload, ct);
        var create = await h.Server.ReadElementAsync(ct);
        await ReplyErrorAsync(h, create, "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ct);
        var configure = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Owner + "pubsub", configure.Elements().Single().Name);
        await ReplyAsync(h, configure, string.Empty, ct);
        var disco = await h.Server.ReadElementAsync(ct);
        await ReplyAsync(h, disco, "<query xmlns='http://jabber.org/protocol/disco#info'/>", ct);
        var publish = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(PubSub + "pubsub", publish.Elements().Single().Name);
        await ReplyAsync(h, publish, string.Empty, ct);
        Assert.IsNull((await publishing).Error);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task PublishAsync_OptionsAnsweredResourceConstraint_SameItemPublishedPlainAtOnce()
    {
        // ejabberd 23.01 advertises publish-options, then answers pubsub#max_items with wait/resource-constraint.
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var publisher = Create(h);

        var publishing = publisher.PublishAsync("edge/user/climate", "i1", Payload, ct);
        await AnswerCreateAndDiscoAsync(h, publishOptions: true, ct);
        var first = await h.Server.ReadElementAsync(ct);
        Assert.IsNotNull(first.Elements().Single().Element(PubSub + "publish-options"));
        await ReplyErrorAsync(h, first, "<error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Unsupported value for pubsub#max_items</text></error>", ct);

        var plain = await h.Server.ReadElementAsync(ct);
        Assert.IsNull(plain.Elements().Single().Element(PubSub + "publish-options"));
        Assert.AreEqual("i1", (string?)plain.Elements().Single().Element(PubSub + "publish")?.Element(PubSub + "item")?.Attribute("id"));
        await ReplyAsync(h, plain, string.Empty, ct);
        Assert.IsNull((await publishing).Error);
        Assert.IsFalse(publisher.UsesPublishOptionsOn("edge/user/climate"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task PublishAsync_CreateWithConfigurationRefused_CreatedPlainlyThenConfigured()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var publisher = Create(h);

        var publishing = publisher.PublishAsync("edge/user/climate", "i1", Payload, ct);
        var create = await h.Server.ReadElementAsync(ct);
        Assert.IsNotNull(create.Elements().Single().Element(PubSub + "configure"));
        await ReplyErrorAsync(h, create, "<error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ct);
        var plainCreate = await h.Server.ReadElementAsync(ct);
        Assert.IsNull(plainCreate.Elements().Single().Element(PubSub + "configure"), plainCreate.ToString());
        await ReplyAsync(h, plainCreate, string.Empty, ct);
        var configure = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Owner + "pubsub", configure.Elements().Single().Name);
        await ReplyErrorAsync(h, configure, "<error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ct);
        var disco = await h.Server.ReadElementAsync(ct);
        await ReplyAsync(h, disco, "<query xmlns='http://jabber.org/protocol/disco#info'/>", ct);
        var publish = await h.Server.ReadElementAsync(ct);
        await ReplyAsync(h, publish, string.Empty, ct);
        Assert.IsNull((await publishing).Error, "a refused configuration does not stop publishing");
    }
}
