using System.Xml.Linq;
using Edge.Iot.Discovery;
using Edge.Testing.Xmpp;
using Edge.Xmpp;

namespace Edge.Iot.Tests.Discovery;

/// <summary>The thing's and the owner's side of XEP-0347 (<see cref="DiscoveryClient"/>) against a scripted server.</summary>
[TestClass]
public sealed class DiscoveryClientTranscriptTests
{
    private static readonly XNamespace Client = ClientHarness.JabberClient;
    private static readonly XNamespace Ns = "urn:xmpp:iot:discovery";
    private static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static readonly Jid Registry = Jid.Parse("registry.example.com");

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task RegisterAsync_AnsweredClaimed_OwnerReturned()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var discovery = new DiscoveryClient(h.Client, Registry);

        var register = discovery.RegisterAsync(new RegisterRequest([MetaTag.String("SN", "1"), MetaTag.String("KEY", "k")], ThingNode.None), ct);

        // C: <iq type='set' to='registry.example.com'><register xmlns='urn:xmpp:iot:discovery'><str name='SN' …/>…</register></iq>
        var sent = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("registry.example.com", (string?)sent.Attribute("to"));
        Assert.AreEqual(2, sent.Element(Ns + "register")!.Elements(Ns + "str").Count());

        // S: §Registering Thing, "Registration response when already claimed".
        await h.Server.SendAsync($"<iq type='result' id='{(string?)sent.Attribute("id")}' from='registry.example.com'>"
            + "<claimed xmlns='urn:xmpp:iot:discovery' jid='owner@example.org'/></iq>", ct);

        var claimed = await register;
        Assert.AreEqual(Jid.Parse("owner@example.org"), claimed?.Jid);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task UpdateAsync_RegistryIsAnAccount_SentToTheFullJidItsPresenceShowed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var discovery = new DiscoveryClient(h.Client, Jid.Parse("registry@example.com")) { Address = Jid.Parse("registry@example.com/rules") };

        var update = discovery.UpdateAsync(new UpdateRequest([MetaTag.String("KEY", string.Empty)], ThingNode.None), ct);

        // C: <iq type='set' to='registry@example.com/rules'><update …><str name='KEY' value=''/></update></iq>
        var sent = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("registry@example.com/rules", (string?)sent.Attribute("to"));
        Assert.AreEqual(string.Empty, (string?)sent.Element(Ns + "update")!.Element(Ns + "str")!.Attribute("value"));
        await h.Server.SendAsync($"<iq type='result' id='{(string?)sent.Attribute("id")}' from='registry@example.com/rules'/>", ct);
        Assert.AreEqual(UpdateOutcome.Updated, await update);
        Assert.ThrowsExactly<ArgumentException>(() => discovery.Address = Jid.Parse("other@example.com/rules"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task HandlePushes_ClaimedFromRegistry_AcknowledgedAndRaised()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var discovery = new DiscoveryClient(h.Client, Registry);
        ClaimedInfo? told = null;
        discovery.Claimed += (_, c) => told = c;
        discovery.HandlePushes();
        await h.LoginAsync(ct);

        await h.Server.SendAsync("<iq type='set' id='5' from='registry.example.com' to='user@example.com/meter-7'>"
            + "<claimed xmlns='urn:xmpp:iot:discovery' jid='owner@example.org' public='false'/></iq>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual(new ClaimedInfo(Jid.Parse("owner@example.org"), ThingNode.None, Public: false), told);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task HandlePushes_ClaimedFromSomeoneElse_ForbiddenAndIgnored()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var discovery = new DiscoveryClient(h.Client, Registry);
        var raised = false;
        discovery.Claimed += (_, _) => raised = true;
        discovery.HandlePushes();
        await h.LoginAsync(ct);

        await h.Server.SendAsync("<iq type='set' id='6' from='mallory@example.com/x' to='user@example.com/meter-7'>"
            + "<claimed xmlns='urn:xmpp:iot:discovery' jid='mallory@example.com'/></iq>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Stanzas + "forbidden", answer.Element(Client + "error")?.Elements().First().Name);
        Assert.IsFalse(raised);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DisownAsync_ThingOffline_NotAllowedReturnedAsData()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var discovery = new DiscoveryClient(h.Client, Registry);

        var disown = discovery.DisownAsync(new ThingReference(Jid.Parse("thing@example.org"), ThingNode.None), ct);
        var sent = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("thing@example.org", (string?)sent.Element(Ns + "disown")?.Attribute("jid"));

        // S: §Disowning Thing, "Failure to disown Thing - Offline".
        await h.Server.SendAsync($"<iq type='error' id='{(string?)sent.Attribute("id")}' from='registry.example.com'>"
            + "<error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", ct);

        Assert.AreEqual("not-allowed", (await disown)?.Condition);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SearchAsync_UnexpectedError_Thrown()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var discovery = new DiscoveryClient(h.Client, Registry);

        var search = discovery.SearchAsync(new SearchRequest([SearchOperator.String(SearchOperatorKind.StrEq, "MAN", "x")]), ct);
        var sent = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("get", (string?)sent.Attribute("type"));
        await h.Server.SendAsync($"<iq type='error' id='{(string?)sent.Attribute("id")}' from='registry.example.com'>"
            + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppStanzaErrorException>(() => search);
        Assert.AreEqual("service-unavailable", e.Error?.Condition);
    }
}
