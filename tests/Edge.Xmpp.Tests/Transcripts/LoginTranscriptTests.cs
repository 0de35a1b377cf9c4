using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Edge.Testing.Xmpp;

namespace Edge.Xmpp.Tests.Transcripts;

/// <summary>Stream setup, SASL and bind, as literal "client sends / server sends" exchanges with a scripted server.</summary>
[TestClass]
public sealed class LoginTranscriptTests
{
    private static readonly XNamespace SaslNs = ClientHarness.Sasl;
    private static readonly XNamespace Streams = "http://etherx.jabber.org/streams";
    private static readonly XNamespace StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
    private static readonly XNamespace CapsNs = "http://jabber.org/protocol/caps";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectAsync_ScramSha1ThenBind_BindsConfiguredResourceAndSendsCapsPresence()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var server = h.Server;
        var connect = h.Client.ConnectAsync(ct);

        // C: <?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='…' version='1.0' xml:lang='en' to='example.com'>
        var header = await server.ExpectStreamHeaderAsync(ct);
        Assert.AreEqual("example.com", (string?)header.Attribute("to"));
        Assert.AreEqual("1.0", (string?)header.Attribute("version"));

        // S: header, features offering PLAIN and SCRAM-SHA-1 (no TLS here, so PLAIN must not be picked)
        await server.SendAsync(server.StreamHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>", ct);

        // C: <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>base64("n,,n=user,r=<nonce>")</auth>
        var auth = await server.ReadElementAsync(ct);
        Assert.AreEqual(SaslNs + "auth", auth.Name);
        Assert.AreEqual("SCRAM-SHA-1", (string?)auth.Attribute("mechanism"));
        var clientFirst = FakeXmppServer.FromBase64(auth.Value);
        StringAssert.StartsWith(clientFirst, "n,,n=user,r=");

        // S: <challenge>base64("r=<nonce>3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096")</challenge>
        var scram = new ScramServer("SHA-1", "user", "pencil");
        await server.SendAsync($"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{FakeXmppServer.ToBase64(scram.ServerFirst(clientFirst))}</challenge>", ct);

        // C: <response>base64("c=biws,r=<nonce>3rfcNHYJY1ZVvWVs7j,p=<proof>")</response>
        var response = await server.ReadElementAsync(ct);
        Assert.AreEqual(SaslNs + "response", response.Name);
        var serverFinal = scram.ServerFinal(FakeXmppServer.FromBase64(response.Value));
        Assert.IsNotNull(serverFinal, "The client proved it knows the password.");

        // S: <success>base64("v=<server signature>")</success>
        await server.SendAsync($"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{FakeXmppServer.ToBase64(serverFinal)}</success>", ct);

        // C: a fresh stream header (RFC 6120 §6.4.6), now from the account
        var restarted = await server.ExpectStreamHeaderAsync(ct);
        Assert.AreEqual("user@example.com", (string?)restarted.Attribute("from"));

        // S: header, features: bind
        await server.SendAsync(server.StreamHeader + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>", ct);

        // C: <iq type='set' id='…'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>meter-7</resource></bind></iq>
        var bind = await server.ReadElementAsync(ct);
        Assert.AreEqual(ClientHarness.JabberClient + "iq", bind.Name);
        Assert.AreEqual("set", (string?)bind.Attribute("type"));
        Assert.AreEqual("meter-7", bind.Element(ClientHarness.BindNs + "bind")?.Element(ClientHarness.BindNs + "resource")?.Value);

        // S: <iq type='result' id='…'><bind><jid>user@example.com/meter-7</jid></bind></iq>
        await server.SendAsync($"<iq type='result' id='{(string?)bind.Attribute("id")}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<jid>user@example.com/meter-7</jid></bind></iq>", ct);
        await connect;

        // C: <presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://edge.invalid/caps' ver='…'/></presence>
        var presence = await server.ReadElementAsync(ct);
        Assert.AreEqual(ClientHarness.JabberClient + "presence", presence.Name);
        Assert.IsNull(presence.Attribute("type"), "Initial presence is available presence.");
        var caps = presence.Element(CapsNs + "c");
        Assert.IsNotNull(caps);
        Assert.AreEqual("sha-1", (string?)caps.Attribute("hash"));
        Assert.AreEqual(h.Options.CapsNode, (string?)caps.Attribute("node"));
        Assert.AreEqual(ExpectedVer(h.Client), (string?)caps.Attribute("ver"));

        Assert.AreEqual(XmppClientState.Connected, h.Client.State);
        Assert.AreEqual(Jid.Parse("user@example.com/meter-7"), h.Client.BoundJid);
        Assert.AreEqual(1, h.Client.SessionCount);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectAsync_OnlyPlainOfferedWithoutTls_AuthenticationFailureAndNoAuthSent()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var connect = h.Client.ConnectAsync(ct);

        // S: features offering only PLAIN, on a stream without TLS
        await h.Server.OpenStreamAsync("<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => connect);
        Assert.AreEqual(ConnectionFailure.Authentication, e.Failure);
        StringAssert.Contains(e.Message, "PLAIN is used only over TLS");
        StringAssert.Contains(e.Message, "it offers: PLAIN");

        // C: (hangs up; the password never went out)
        var next = await h.Server.ReadFrameAsync(ct);
        Assert.AreEqual(FakeFrameKind.Closed, next.Kind, $"Expected the client to hang up, it sent: {next}");
        Assert.AreEqual(XmppClientState.Failed, h.Client.State);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StartAsync_SaslFailureNotAuthorized_FailsOnceWithoutReconnecting()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness(o => o.AutoReconnect = true);
        var start = h.Client.StartAsync(ct);

        await h.Server.OpenStreamAsync(ClientHarness.ScramSha1Only, ct);
        // C: <auth mechanism='SCRAM-SHA-1'>…</auth>
        var auth = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(SaslNs + "auth", auth.Name);
        // S: <failure><not-authorized/><text>…</text></failure>
        await h.Server.SendAsync("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>"
            + "<text xml:lang='en'>Invalid username or password</text></failure>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => start);
        Assert.AreEqual(ConnectionFailure.Authentication, e.Failure);
        Assert.AreEqual("not-authorized", e.Condition);
        StringAssert.Contains(e.Message, "Invalid username or password");
        Assert.IsFalse(XmppClient.IsTransient(e));
        Assert.AreEqual(XmppClientState.Failed, h.Client.State);
        Assert.AreEqual(FakeFrameKind.Closed, (await h.Server.ReadFrameAsync(ct)).Kind);
        Assert.AreEqual(1, h.TransportsCreated, "No second connection attempt after an authentication failure.");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectAsync_ServerSignatureWrong_AuthenticationFailure()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var connect = h.Client.ConnectAsync(ct);

        await h.Server.OpenStreamAsync(ClientHarness.ScramSha1Only, ct);
        // S: <success>base64("v=<a signature that does not match>")</success>: a server that does not know the password
        await h.Server.AcceptScramAsync("user", "pencil", ct, tamperSignature: true);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => connect);
        Assert.AreEqual(ConnectionFailure.Authentication, e.Failure);
        StringAssert.Contains(e.Message, "signature");
        Assert.AreEqual(XmppClientState.Failed, h.Client.State);
        Assert.IsNull(h.Client.BoundJid);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ConnectAsync_DoctypeAfterServerHeader_RestrictedXmlStreamErrorThenClose()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var h = new ClientHarness();
        var connect = h.Client.ConnectAsync(ct);

        await h.Server.ExpectStreamHeaderAsync(ct);
        // S: header, then a DTD with an entity declaration (billion laughs starts like this)
        await h.Server.SendAsync(h.Server.StreamHeader + "<!DOCTYPE stream [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]>"
            + "<stream:features>&lol2;</stream:features>", ct);

        var e = await Assert.ThrowsExactlyAsync<XmppProtocolException>(() => connect);
        Assert.AreEqual("restricted-xml", e.StreamErrorCondition);

        // C: <stream:error><restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>
        var error = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Streams + "error", error.Name);
        Assert.AreEqual(StreamErrors + "restricted-xml", error.Elements().Single().Name);
        Assert.AreEqual(FakeFrameKind.StreamEnd, (await h.Server.ReadFrameAsync(ct)).Kind);
        Assert.AreEqual(FakeFrameKind.Closed, (await h.Server.ReadFrameAsync(ct)).Kind);
    }

    /// <summary>XEP-0115 §5.1 computed here from the client's advertised features: identity client/bot/Edge.</summary>
    internal static string ExpectedVer(XmppClient client)
    {
        var s = new StringBuilder("client/bot//").Append(client.Options.SoftwareName).Append('<');
        foreach (var feature in client.Features.Order(StringComparer.Ordinal))
        {
            s.Append(feature).Append('<');
        }

#pragma warning disable CA5350 // XEP-0115 names SHA-1 for the verification string.
        return Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(s.ToString())));
#pragma warning restore CA5350
    }
}
