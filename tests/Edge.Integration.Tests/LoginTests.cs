using Edge.Xmpp;
using Edge.Xmpp.Disco;

namespace Edge.Integration.Tests;

[TestClass]
public sealed class LoginTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task ConnectAsync_StartTlsScram_BindsConfiguredResource()
    {
        await using var client = new XmppClient(Clients.Agent("login-ok"));
        await client.ConnectAsync(CancellationToken.None);

        Assert.AreEqual(XmppClientState.Connected, client.State);
        Assert.AreEqual("login-ok", client.BoundJid!.Resource);
        Assert.AreEqual(client.Jid, client.BoundJid.Bare);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task ConnectAsync_BadPassword_ClearAuthenticationErrorAndNoRetry()
    {
        var options = Clients.Agent("login-bad");
        options.Password = "wrong-password";
        await using var client = new XmppClient(options);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => client.StartAsync(CancellationToken.None));

        Assert.AreEqual(ConnectionFailure.Authentication, e.Failure);
        Assert.AreEqual("not-authorized", e.Condition);
        StringAssert.Contains(e.Message, "Authentication as agent@");
        Assert.AreEqual(XmppClientState.Failed, client.State);
        Assert.IsFalse(XmppClient.IsTransient(e), "an auth failure must not be retried");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task ConnectAsync_WrongCa_TlsRefusedNamingUnknownCa()
    {
        var options = Clients.Agent("login-wrong-ca");
        options.Tls.CaFile = Server.Xmpp.OtherCaFile;
        await using var client = new XmppClient(options);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.AreEqual(ConnectionFailure.Tls, e.Failure);
        StringAssert.Contains(e.Message, "unknown CA");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task ConnectAsync_PinnedSpkiOfServerKey_AcceptedWithoutCaFile()
    {
        var options = Clients.Agent("login-pinned");
        options.Tls.CaFile = null;
        // The server sends only its own certificate, so the pin is that key (a CA pin needs the CA in the chain).
        using var leaf = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Server.Xmpp.ServerCertificateFile));
        options.Tls.PinnedSpkiSha256.Add(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(leaf.PublicKey.ExportSubjectPublicKeyInfo())));
        await using var client = new XmppClient(options);

        await client.ConnectAsync(CancellationToken.None);

        Assert.AreEqual(XmppClientState.Connected, client.State);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task ConnectAsync_WrongPin_TlsRefusedNamingPinMismatch()
    {
        var options = Clients.Agent("login-wrong-pin");
        options.Tls.CaFile = null;
        options.Tls.PinnedSpkiSha256.Add(Convert.ToBase64String(new byte[32]));
        await using var client = new XmppClient(options);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.AreEqual(ConnectionFailure.Tls, e.Failure);
        StringAssert.Contains(e.Message, "pin mismatch");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task PingAsync_ServerAndPeer_BothAnswer()
    {
        await using var agent = new XmppClient(Clients.Agent("ping-a"));
        await using var backend = new XmppClient(Clients.Backend("ping-b"));
        await agent.ConnectAsync(CancellationToken.None);
        await backend.ConnectAsync(CancellationToken.None);

        var toServer = await agent.PingAsync(Jid.Parse(Server.Xmpp.Domain), CancellationToken.None);
        var toPeer = await backend.PingAsync(agent.BoundJid, CancellationToken.None);

        Assert.IsTrue(toServer > TimeSpan.Zero && toServer < TimeSpan.FromSeconds(10));
        Assert.IsTrue(toPeer > TimeSpan.Zero && toPeer < TimeSpan.FromSeconds(10));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task DiscoInfo_FromAnotherClient_ListsPingAndDisco()
    {
        await using var agent = new XmppClient(Clients.Agent("disco-a"));
        await using var backend = new XmppClient(Clients.Backend("disco-b"));
        await agent.ConnectAsync(CancellationToken.None);
        await backend.ConnectAsync(CancellationToken.None);

        var answer = await backend.SendIqAsync(backend.CreateIq("get", agent.BoundJid, new System.Xml.Linq.XElement(DiscoNamespaces.Info + "query")),
            CancellationToken.None);
        var features = answer.Payload!.Elements(DiscoNamespaces.Info + "feature").Select(f => (string?)f.Attribute("var")).ToList();

        CollectionAssert.Contains(features, "urn:xmpp:ping");
        CollectionAssert.Contains(features, "http://jabber.org/protocol/disco#info");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task UnknownIq_FromAnotherClient_ServiceUnavailable()
    {
        await using var agent = new XmppClient(Clients.Agent("unknown-a"));
        await using var backend = new XmppClient(Clients.Backend("unknown-b"));
        await agent.ConnectAsync(CancellationToken.None);
        await backend.ConnectAsync(CancellationToken.None);

        var answer = await backend.SendIqAsync(backend.CreateIq("get", agent.BoundJid,
            new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("query", "urn:example:nothing"))), CancellationToken.None);

        Assert.AreEqual("service-unavailable", answer.Error?.Condition);
    }
}
