using System.Xml.Linq;
using Edge.Testing.Xmpp;
using Edge.Xmpp.Component;

namespace Edge.Xmpp.Tests.Component;

/// <summary>XEP-0114 transcripts: the accept stream, the handshake, refusals, stanza routing, reconnect.</summary>
[TestClass]
public sealed class ComponentTranscriptTests
{
    private static readonly XNamespace Accept = ComponentHarness.Accept;
    private static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static readonly XNamespace DiscoInfo = "http://jabber.org/protocol/disco#info";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void HandshakeValue_StreamIdAndSecret_LowercaseHexSha1()
    {
        // SHA-1("3BF96D32" + "s3cr3t"), computed independently (python3 hashlib).
        Assert.AreEqual("ba33290100f616a33656a931798d6c9011cfa840", XmppComponent.HandshakeValue("3BF96D32", "s3cr3t"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectAsync_RightSecret_AcceptStreamAndHandshake()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        var connect = h.Component.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);

        // C: <stream:stream xmlns='jabber:component:accept' xmlns:stream='…' to='registry.example.com'>
        var frame = await server.ReadFrameAsync(ct);
        Assert.AreEqual(FakeFrameKind.StreamHeader, frame.Kind, frame.Xml);
        StringAssert.Contains(frame.Xml, "xmlns='jabber:component:accept'");
        Assert.AreEqual(ComponentHarness.Domain, (string?)frame.Element!.Attribute("to"));
        Assert.IsNull(frame.Element.Attribute("version"), "XEP-0114 streams carry no version (no stream features follow)");

        // S: header with id='3BF96D32'; C: <handshake>sha1(id + secret)</handshake>; S: <handshake/>
        await server.SendAsync(ComponentHarness.ServerHeader(), ct);
        var handshake = await server.ReadFrameAsync(ct);
        Assert.AreEqual("<handshake>ba33290100f616a33656a931798d6c9011cfa840</handshake>", handshake.Xml);
        await server.SendAsync("<handshake/>", ct);

        await connect;
        Assert.IsTrue(h.Component.IsConnected);
        Assert.AreEqual(1, h.Component.ConnectionCount);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectAsync_WrongSecret_NotAuthorizedIsAuthenticationFailureNotRetried()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness(o => o.AutoReconnect = true);
        var start = h.Component.StartAsync(ct);
        var server = await h.NextServerAsync(ct);
        await server.ExpectStreamHeaderAsync(ct);
        await server.SendAsync(ComponentHarness.ServerHeader(), ct);
        await server.ReadElementAsync(ct);

        // S: <stream:error><not-authorized/></stream:error></stream:stream> (XEP-0114 §3: SHOULD)
        await server.SendAsync("<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => start);
        Assert.AreEqual(ConnectionFailure.Authentication, e.Failure);
        Assert.AreEqual("not-authorized", e.Condition);
        Assert.IsFalse(XmppClient.IsTransient(e), "a refused secret needs a configuration fix, not a retry loop");
        Assert.IsFalse(h.Component.IsConnected);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectAsync_UnknownName_HostUnknownStreamErrorThrown()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        var connect = h.Component.ConnectAsync(ct);
        var server = await h.NextServerAsync(ct);
        await server.ExpectStreamHeaderAsync(ct);

        // §3: a name the server does not service → header, stream error, end of stream.
        await server.SendAsync(ComponentHarness.ServerHeader()
            + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => connect);
        Assert.AreEqual("host-unknown", e.Condition);
        Assert.IsFalse(e.IsTransient);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task InboundIq_RegisteredPayload_HandlerSeesJabberClientAndAnswerComesFromAddressee()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        XElement? seen = null;
        h.Component.RegisterIqHandler(XName.Get("echo", "urn:example:echo"), (iq, _) =>
        {
            seen = iq;
            return ValueTask.FromResult(IqReply.Result(new XElement(XName.Get("echoed", "urn:example:echo"))));
        }, "urn:example:echo");
        await h.ConnectAsync(ct);

        await h.Server.SendAsync("<iq type='get' id='e1' from='owner@localhost/phone' to='things@registry.example.com'>"
            + "<echo xmlns='urn:example:echo'/></iq>", ct);

        // C: <iq xmlns='jabber:component:accept' type='result' id='e1' to='owner@localhost/phone' from='things@registry.example.com'>
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Accept + "iq", answer.Name);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual("e1", (string?)answer.Attribute("id"));
        Assert.AreEqual("owner@localhost/phone", (string?)answer.Attribute("to"));
        Assert.AreEqual("things@registry.example.com", (string?)answer.Attribute("from"));
        Assert.IsNotNull(answer.Element(XName.Get("echoed", "urn:example:echo")));
        Assert.AreEqual(XmppNamespaces.Client + "iq", seen!.Name, "modules see jabber:client stanzas over a component too");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task InboundIq_UnknownPayload_ServiceUnavailableInAcceptNamespace()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        await h.ConnectAsync(ct);

        await h.Server.SendAsync("<iq type='set' id='u1' from='owner@localhost/phone' to='registry.example.com'>"
            + "<query xmlns='urn:example:unknown'/></iq>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("error", (string?)answer.Attribute("type"));
        Assert.AreEqual(Stanzas + "service-unavailable", answer.Element(Accept + "error")?.Elements().First().Name);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DiscoInfo_Get_IdentityAndRegisteredFeatures()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        h.Component.AddFeature("urn:example:feature");
        await h.ConnectAsync(ct);

        await h.Server.SendAsync("<iq type='get' id='d1' from='agent@localhost/edge' to='registry.example.com'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>", ct);

        var query = (await h.Server.ReadElementAsync(ct)).Element(DiscoInfo + "query")!;
        var identity = query.Element(DiscoInfo + "identity")!;
        Assert.AreEqual("component", (string?)identity.Attribute("category"));
        Assert.AreEqual("Test registry", (string?)identity.Attribute("name"));
        var features = query.Elements(DiscoInfo + "feature").Select(f => (string?)f.Attribute("var")).ToList();
        CollectionAssert.Contains(features, "urn:example:feature");
        CollectionAssert.Contains(features, "http://jabber.org/protocol/disco#info");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqAsync_ResultFromAddressee_Completes()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        await h.ConnectAsync(ct);

        var iq = h.Component.CreateIq("set", Jid.Parse("agent@localhost/edge"), new XElement(XName.Get("ping", "urn:xmpp:ping")));
        var pending = h.Component.SendIqAsync(iq, ct);

        // C: <iq xmlns='jabber:component:accept' type='set' id='c1' from='registry.example.com' to='agent@localhost/edge'>
        var sent = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Accept + "iq", sent.Name);
        Assert.AreEqual(ComponentHarness.Domain, (string?)sent.Attribute("from"));
        Assert.AreEqual(XmppNamespaces.Client + "iq", iq.Name, "the caller's element is not renamed");

        // A spoofed answer from someone else is not taken for the addressee's.
        await h.Server.SendAsync($"<iq type='result' id='{(string?)sent.Attribute("id")}' from='mallory@localhost/x' to='registry.example.com'/>", ct);
        await h.Server.SendAsync($"<iq type='result' id='{(string?)sent.Attribute("id")}' from='agent@localhost/edge' to='registry.example.com'/>", ct);

        var response = await pending;
        Assert.IsFalse(response.IsError);
        Assert.AreEqual("agent@localhost/edge", (string?)response.Stanza.Attribute("from"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendAsync_NoFrom_StampedWithComponentDomain()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness();
        await h.ConnectAsync(ct);

        await h.Component.SendAsync(new XElement(XmppNamespaces.Client + "message", new XAttribute("to", "owner@localhost"),
            new XElement(XmppNamespaces.Client + "body", "hello")), ct);

        var message = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Accept + "message", message.Name);
        Assert.AreEqual(ComponentHarness.Domain, (string?)message.Attribute("from"));
        Assert.AreEqual("hello", message.Element(Accept + "body")?.Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectionLost_AutoReconnect_HandshakesAgainAfterBackoff()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ComponentHarness(o =>
        {
            o.AutoReconnect = true;
            o.ReconnectInitialDelay = TimeSpan.FromSeconds(1);
            o.ReconnectMaxDelay = TimeSpan.FromSeconds(4);
        });
        await h.ConnectAsync(ct);
        var first = h.Server;

        // The server goes away: end of stream.
        await first.SendAsync("</stream:stream>", ct);
        while (h.Component.IsConnected)
        {
            await Task.Delay(10, ct);
        }

        // Nothing before the backoff delay (at most 1 s for the first attempt), then a new connection.
        var next = h.NextServerAsync(ct);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await next;
        Assert.AreNotSame(first, second);
        await ComponentHarness.AcceptAsync(second, ct, streamId: "second-id");
        await h.Component.WaitForConnectedAsync(ct);
        Assert.AreEqual(2, h.Component.ConnectionCount);
    }
}
