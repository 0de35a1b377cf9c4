using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>An established session: inbound IQs, outbound IQs, XEP-0198 acks, stream errors and hostile input.</summary>
[TestClass]
public sealed class SessionTranscriptTests
{
    private static readonly XNamespace Client = ClientHarness.JabberClient;
    private static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private static readonly XNamespace Streams = "http://etherx.jabber.org/streams";
    private static readonly XNamespace StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
    private static readonly XNamespace DiscoInfo = "http://jabber.org/protocol/disco#info";
    private static readonly XNamespace DiscoItems = "http://jabber.org/protocol/disco#items";
    private static readonly XNamespace Sm = ClientHarness.Sm;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task InboundIq_UnknownPayload_AnsweredServiceUnavailable()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);

        // S: <iq type='get' id='u1' from='example.com'><query xmlns='urn:example:unknown'/></iq>
        await h.Server.SendAsync("<iq type='get' id='u1' from='example.com' to='user@example.com/meter-7'>"
            + "<query xmlns='urn:example:unknown'/></iq>", ct);

        // C: <iq type='error' id='u1' to='example.com'><query xmlns='urn:example:unknown'/>
        //      <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Client + "iq", answer.Name);
        Assert.AreEqual("error", (string?)answer.Attribute("type"));
        Assert.AreEqual("u1", (string?)answer.Attribute("id"));
        Assert.AreEqual("example.com", (string?)answer.Attribute("to"));
        var error = answer.Element(Client + "error");
        Assert.IsNotNull(error);
        Assert.AreEqual("cancel", (string?)error.Attribute("type"));
        Assert.AreEqual(Stanzas + "service-unavailable", error.Elements().First().Name);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task InboundIq_SetWithoutPayload_AnsweredBadRequest()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);

        await h.Server.SendAsync("<iq type='set' id='b1' from='example.com'/>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("error", (string?)answer.Attribute("type"));
        Assert.AreEqual("b1", (string?)answer.Attribute("id"));
        Assert.AreEqual(Stanzas + "bad-request", answer.Element(Client + "error")?.Elements().First().Name);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task InboundIq_DiscoInfo_AnswersIdentityAndFeaturesIncludingPing()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);

        // S: <iq type='get' id='d1' from='backend@example.com/app'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
        await h.Server.SendAsync("<iq type='get' id='d1' from='backend@example.com/app' to='user@example.com/meter-7'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>", ct);

        // C: <iq type='result' id='d1' to='backend@example.com/app'><query xmlns='…disco#info'>
        //      <identity category='client' type='bot' name='Edge'/><feature var='…'/>…</query></iq>
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual("d1", (string?)answer.Attribute("id"));
        Assert.AreEqual("backend@example.com/app", (string?)answer.Attribute("to"));
        var query = answer.Element(DiscoInfo + "query");
        Assert.IsNotNull(query);
        var identity = query.Element(DiscoInfo + "identity");
        Assert.IsNotNull(identity);
        Assert.AreEqual("client", (string?)identity.Attribute("category"));
        Assert.AreEqual("bot", (string?)identity.Attribute("type"));
        Assert.AreEqual("Edge", (string?)identity.Attribute("name"));
        var features = query.Elements(DiscoInfo + "feature").Select(f => (string?)f.Attribute("var")).ToList();
        CollectionAssert.Contains(features, "urn:xmpp:ping");
        CollectionAssert.Contains(features, "http://jabber.org/protocol/disco#info");
        CollectionAssert.AreEquivalent(h.Client.Features.ToList(), features);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task InboundIq_DiscoInfoForCapsNode_EchoesNodeAndMatchesPresenceVer()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var presence = await h.LoginAsync(ct);
        var caps = presence.Element(XName.Get("c", "http://jabber.org/protocol/caps"))!;
        var node = (string?)caps.Attribute("node") + "#" + (string?)caps.Attribute("ver");

        // S: disco#info for the node#ver the presence announced (XEP-0115 §6.2)
        await h.Server.SendAsync($"<iq type='get' id='d2' from='backend@example.com/app'><query xmlns='http://jabber.org/protocol/disco#info' node='{node}'/></iq>", ct);

        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual(node, (string?)answer.Element(DiscoInfo + "query")?.Attribute("node"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task InboundIq_Ping_AnsweredWithEmptyResult()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);

        // S: <iq type='get' id='p1' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
        await h.Server.SendAsync("<iq type='get' id='p1' from='example.com' to='user@example.com/meter-7'><ping xmlns='urn:xmpp:ping'/></iq>", ct);

        // C: <iq type='result' id='p1' to='example.com'/>
        var answer = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Client + "iq", answer.Name);
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual("p1", (string?)answer.Attribute("id"));
        Assert.AreEqual("example.com", (string?)answer.Attribute("to"));
        Assert.IsFalse(answer.HasElements);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqAsync_AddresseeAnswers_ReturnsResultIgnoringSpoofedAnswer()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);

        var pending = h.Client.SendIqAsync(h.Client.CreateIq("get", Jid.Parse("pubsub.example.com"), new XElement(DiscoItems + "query")), ct);

        // C: <iq type='get' id='…' to='pubsub.example.com'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>
        var request = await h.Server.ReadElementAsync(ct);
        var id = (string?)request.Attribute("id");
        Assert.AreEqual("get", (string?)request.Attribute("type"));
        Assert.AreEqual("pubsub.example.com", (string?)request.Attribute("to"));
        Assert.AreEqual(DiscoItems + "query", request.Elements().Single().Name);

        // S: a third party answers first (spoof), then the addressee
        await h.Server.SendAsync($"<iq type='result' id='{id}' from='mallory@evil.example/x'><query xmlns='{DiscoItems}'><item jid='evil.example'/></query></iq>", ct);
        await h.Server.SendAsync($"<iq type='result' id='{id}' from='pubsub.example.com' to='user@example.com/meter-7'>"
            + $"<query xmlns='{DiscoItems}'><item jid='sensors.pubsub.example.com'/></query></iq>", ct);

        var response = await pending;
        Assert.IsFalse(response.IsError);
        Assert.AreEqual("pubsub.example.com", (string?)response.Stanza.Attribute("from"));
        Assert.AreEqual("sensors.pubsub.example.com", (string?)response.Payload?.Element(DiscoItems + "item")?.Attribute("jid"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqAsync_PeerAnswersError_ReturnedAsData()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);

        var pending = h.Client.SendIqAsync(h.Client.CreateIq("get", Jid.Parse("pubsub.example.com"), new XElement(DiscoItems + "query")), ct);
        var id = (string?)(await h.Server.ReadElementAsync(ct)).Attribute("id");
        await h.Server.SendAsync($"<iq type='error' id='{id}' from='pubsub.example.com'><error type='cancel'>"
            + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No such node</text></error></iq>", ct);

        var response = await pending;
        Assert.IsTrue(response.IsError);
        Assert.AreEqual("item-not-found", response.Error!.Condition);
        Assert.AreEqual("cancel", response.Error.Type);
        Assert.AreEqual("No such node", response.Error.Text);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendIqAsync_NoAnswer_TimesOutAfterIqTimeoutOnTheInjectedClock()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.IqTimeout = TimeSpan.FromSeconds(30));
        await h.LoginAsync(ct);

        var pending = h.Client.SendIqAsync(h.Client.CreateIq("get", Jid.Parse("pubsub.example.com"), new XElement(DiscoItems + "query")), ct);
        var request = await h.Server.ReadElementAsync(ct);
        var id = (string?)request.Attribute("id");

        // S: (silence)
        h.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.IsFalse(pending.IsCompleted, "Still waiting before the timeout.");
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsExactlyAsync<XmppTimeoutException>(() => pending);
        StringAssert.Contains(e.Message, $"'{id}'");

        // A late answer is ignored and the session carries on: an inbound ping is still answered.
        await h.Server.SendAsync($"<iq type='result' id='{id}' from='pubsub.example.com'/>"
            + "<iq type='get' id='p2' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", ct);
        var pong = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("p2", (string?)pong.Attribute("id"));
        Assert.AreEqual(XmppClientState.Connected, h.Client.State);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StreamManagement_ServerRequestsAck_ClientAnswersWithInboundStanzaCount()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.AckRequestDelay = TimeSpan.Zero);
        await h.LoginAsync(ct, streamManagement: true);

        // C: <r xmlns='urn:xmpp:sm:3'/> (after the initial presence)
        Assert.AreEqual(Sm + "r", (await h.Server.ReadElementAsync(ct)).Name);

        // S: two stanzas, then a request; nonzas are not counted
        await h.Server.SendAsync("<message from='a@example.com/x' type='chat' id='m1'><body>1</body></message>"
            + "<a xmlns='urn:xmpp:sm:3' h='0'/>"
            + "<message from='a@example.com/x' type='chat' id='m2'><body>2</body></message>"
            + "<r xmlns='urn:xmpp:sm:3'/>", ct);

        // C: <a xmlns='urn:xmpp:sm:3' h='2'/>
        var ack = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Sm + "a", ack.Name);
        Assert.AreEqual("2", (string?)ack.Attribute("h"));

        // S: a third stanza (an IQ, answered) and another request
        await h.Server.SendAsync("<iq type='get' id='p3' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", ct);
        Assert.AreEqual("p3", (string?)(await h.Server.ReadElementAsync(ct)).Attribute("id"));
        Assert.AreEqual(Sm + "r", (await h.Server.ReadElementAsync(ct)).Name);
        await h.Server.SendAsync("<r xmlns='urn:xmpp:sm:3'/>", ct);
        Assert.AreEqual("3", (string?)(await h.Server.ReadElementAsync(ct)).Attribute("h"));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StreamManagement_AckRequest_WaitsForTheWriterToBeIdle()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.AckRequestDelay = TimeSpan.FromMilliseconds(250));
        await h.LoginAsync(ct, streamManagement: true);

        // C: the initial presence; no <r/> yet: an inbound ping is answered first
        await h.Server.SendAsync("<iq type='get' id='p1' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", ct);
        Assert.AreEqual("p1", (string?)(await h.Server.ReadElementAsync(ct)).Attribute("id"));

        // After 250 ms with nothing more to write: <r/>
        h.Time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.AreEqual(Sm + "r", (await h.Server.ReadElementAsync(ct)).Name);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StreamManagement_AckRequest_AtOnceAfterABatch()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o =>
        {
            o.AckRequestDelay = TimeSpan.FromHours(1);
            o.AckRequestBatch = 3;
        });
        await h.LoginAsync(ct, streamManagement: true);

        // presence + two messages = three stanzas: the request follows the third without waiting
        for (var i = 1; i <= 2; i++)
        {
            await h.Client.SendAsync(new XElement(Client + "message", new XAttribute("to", "backend@example.com"), new XElement(Client + "body", i)), ct);
        }

        var names = new List<XName>();
        for (var i = 0; i < 3; i++)
        {
            names.Add((await h.Server.ReadElementAsync(ct)).Name);
        }

        CollectionAssert.AreEqual(new[] { Client + "message", Client + "message", Sm + "r" }, names);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StreamManagement_ServerAcks_UnacknowledgedCountDrops()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.AckRequestDelay = TimeSpan.Zero);
        await h.LoginAsync(ct, streamManagement: true);
        Assert.AreEqual(Sm + "r", (await h.Server.ReadElementAsync(ct)).Name);

        await h.Client.SendAsync(new XElement(Client + "message", new XAttribute("to", "backend@example.com"), new XElement(Client + "body", "1")), ct);
        Assert.AreEqual(Client + "message", (await h.Server.ReadElementAsync(ct)).Name);
        Assert.AreEqual(Sm + "r", (await h.Server.ReadElementAsync(ct)).Name);
        await h.Client.SendAsync(new XElement(Client + "message", new XAttribute("to", "backend@example.com"), new XElement(Client + "body", "2")), ct);
        Assert.AreEqual(Client + "message", (await h.Server.ReadElementAsync(ct)).Name);
        Assert.AreEqual(Sm + "r", (await h.Server.ReadElementAsync(ct)).Name);
        Assert.AreEqual(3, h.Client.UnacknowledgedCount, "Presence and two messages are unacknowledged.");

        // S: <a h='2'/> (presence and first message); then <r/> so the client's answer shows the ack was processed
        await h.Server.SendAsync("<a xmlns='urn:xmpp:sm:3' h='2'/><r xmlns='urn:xmpp:sm:3'/>", ct);
        Assert.AreEqual(Sm + "a", (await h.Server.ReadElementAsync(ct)).Name);
        Assert.AreEqual(1, h.Client.UnacknowledgedCount);

        await h.Server.SendAsync("<a xmlns='urn:xmpp:sm:3' h='3'/><r xmlns='urn:xmpp:sm:3'/>", ct);
        Assert.AreEqual(Sm + "a", (await h.Server.ReadElementAsync(ct)).Name);
        Assert.AreEqual(0, h.Client.UnacknowledgedCount);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StreamError_Conflict_EndsSessionWithoutReconnect()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.AutoReconnect = true);
        await h.LoginAsync(ct);
        var disconnected = new TaskCompletionSource<XmppDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        // S: <stream:error><conflict/><text>Replaced by new connection</text></stream:error></stream:stream>
        await h.Server.SendAsync("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error></stream:stream>", ct);

        var args = await disconnected.Task.WaitAsync(ct);
        var cause = args.Cause as XmppConnectionException;
        Assert.IsNotNull(cause, args.Cause.ToString());
        Assert.AreEqual(ConnectionFailure.StreamError, cause.Failure);
        Assert.AreEqual("conflict", cause.Condition);
        StringAssert.Contains(cause.Message, "Replaced by new connection");
        Assert.IsFalse(args.WillReconnect, "Another session took over the resource: reconnecting would fight it.");
        Assert.AreEqual(XmppClientState.Failed, h.Client.State);
        Assert.AreEqual(FakeFrameKind.Closed, (await h.Server.ReadFrameAsync(ct)).Kind);
        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => h.Client.SendAsync(new XElement(Client + "presence"), ct));
        Assert.AreEqual(ConnectionFailure.NotConnected, e.Failure);
        Assert.AreEqual(1, h.TransportsCreated);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task HostileInput_DoctypeOnLiveSession_RestrictedXmlStreamErrorAndClose()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var disconnected = new TaskCompletionSource<XmppDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        // S: <!DOCTYPE lolz [<!ENTITY lol 'lol'>…]><message><body>&lol2;</body></message>
        await h.Server.SendAsync("<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]><message><body>&lol2;</body></message>", ct);

        // C: <stream:error><restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>, then hangs up
        var error = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Streams + "error", error.Name);
        Assert.AreEqual(StreamErrors + "restricted-xml", error.Elements().Single().Name);
        Assert.AreEqual(FakeFrameKind.StreamEnd, (await h.Server.ReadFrameAsync(ct)).Kind);
        Assert.AreEqual(FakeFrameKind.Closed, (await h.Server.ReadFrameAsync(ct)).Kind);

        var args = await disconnected.Task.WaitAsync(ct);
        Assert.AreEqual("restricted-xml", (args.Cause as XmppProtocolException)?.StreamErrorCondition, args.Cause.ToString());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task HostileInput_MismatchedEndTag_NotWellFormedStreamErrorAndClose()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        await h.LoginAsync(ct);
        var disconnected = new TaskCompletionSource<XmppDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.Disconnected += (_, e) => disconnected.TrySetResult(e);

        // S: <message from='x@example.com/y'><body>x</message><iq type='get' id='p1' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
        await h.Server.SendAsync("<message from='x@example.com/y'><body>x</message>"
            + "<iq type='get' id='p1' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>", ct);

        // C: <stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>, then hangs up
        //    (not an answer to the ping: the server's stream is broken from </message> on)
        var error = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Streams + "error", error.Name);
        Assert.AreEqual(StreamErrors + "not-well-formed", error.Elements().Single().Name);
        Assert.AreEqual(FakeFrameKind.StreamEnd, (await h.Server.ReadFrameAsync(ct)).Kind);
        Assert.AreEqual(FakeFrameKind.Closed, (await h.Server.ReadFrameAsync(ct)).Kind);

        var args = await disconnected.Task.WaitAsync(ct);
        Assert.AreEqual("not-well-formed", (args.Cause as XmppProtocolException)?.StreamErrorCondition, args.Cause.ToString());
    }
}
