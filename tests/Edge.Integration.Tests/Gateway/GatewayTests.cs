using System.Xml.Linq;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Integration.Tests.Gateway;

/// <summary>
/// The built <c>edge-gateway</c> in front of the fixture's server (both servers in CI): devices log in through it with
/// the server checking their credentials, publish to backends that speak plain XML directly to the server, resume
/// their streams through it; and a device's malformed input ends that device's stream only.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class GatewayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static TempDirectory? _data;
    private static GatewayProcess? _gateway;

    public TestContext TestContext { get; set; } = null!;

    private static GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("The gateway did not start.");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _data = new TempDirectory("edge-gateway-");
        _gateway = await GatewayProcess.StartAsync(_data.Path, context.CancellationTokenSource.Token, directTls: true,
            extra: ["--set", "Gateway:Limits:MaxStanzaBytes=65536"]);
    }

    [ClassCleanup]
    public static void Stop()
    {
        _gateway?.Dispose();
        _data?.Dispose();
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Login_ThroughGateway_ServerBindsTheDeviceAndAnswers()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var device = new XmppClient(Clients.Agent("gw-login", Gateway.Port));

        await device.ConnectAsync(ct);
        await device.PingAsync(Jid.Parse(Server.Xmpp.Domain), ct);

        Assert.AreEqual(TestAccounts.AgentJid + "/gw-login", device.BoundJid?.ToString(), "bound by the server behind the gateway");
        Assert.IsFalse(Gateway.Logged("agent-secret"), "the password never appears in the gateway's log");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Login_WrongPassword_RefusedByTheServerThroughTheGateway()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var options = Clients.Options(TestAccounts.AgentJid, "not-the-password", "gw-wrong", Gateway.Port);
        options.AutoReconnect = false;
        await using var device = new XmppClient(options);

        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => device.ConnectAsync(ct));

        Assert.AreEqual(ConnectionFailure.Authentication, e.Failure, e.Message);
        Assert.AreEqual("not-authorized", e.Condition, "the server's own SASL failure, relayed");
        await Clients.WaitUntilAsync(() => Gateway.Logged("SASL refused by the server"), Wait, "the gateway to log the refusal", () => Gateway.Output);
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task Publish_ThroughGateway_PlainXmlSubscriberOnTheServerGetsTheItem()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var service = Jid.Parse(Server.Xmpp.PubSubService);
        var node = "gw-pub-" + Guid.NewGuid().ToString("N")[..8];
        await using var device = new XmppClient(Clients.Agent("gw-pub", Gateway.Port));
        await device.ConnectAsync(ct);
        var pubsub = new PubSubClient(device);
        Assert.IsNull((await pubsub.CreateNodeAsync(service, node, null, ct)).Error);
        await using var backend = new XmppClient(Clients.Backend("gw-sub"));
        await backend.ConnectAsync(ct);
        var subscriber = new PubSubClient(backend);
        var received = new TaskCompletionSource<PubSubItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ItemReceived += (_, item) =>
        {
            if (item.Node == node)
            {
                received.TrySetResult(item);
            }
        };
        Assert.IsNull((await subscriber.SubscribeAsync(service, node, ct)).Error);
        var payload = XElement.Parse("<fields xmlns='urn:xmpp:iot:sensordata' seqnr='1'><node nodeId='climate'><timestamp value='2026-12-06T09:00:00Z'><numeric name='Temperature' momentary='true' automaticReadout='true' value='21.5' unit='°C'/></timestamp></node></fields>");

        Assert.IsNull((await pubsub.PublishAsync(service, node, "r1", payload, null, ct)).Error);

        var item = await received.Task.WaitAsync(Wait, ct);
        Assert.AreEqual("r1", item.Id);
        // Attribute order is the server's to choose (Prosody keeps them in a Lua table): compared as an XML infoset.
        Assert.AreEqual(Canonical(payload), Canonical(item.Payload!), "the subscriber sees the device's XML as it was sent");
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task DeviceLinkCut_WithStreamManagement_StreamResumedThroughTheGateway()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var link = TcpProxy.Start(Server.Xmpp.Host, Gateway.Port);
        await using var device = new XmppClient(Clients.Agent("gw-resume", link.Port));
        var resumed = new TaskCompletionSource<XmppConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Connected += (_, e) =>
        {
            if (e.Resumed)
            {
                resumed.TrySetResult(e);
            }
        };
        await device.ConnectAsync(ct);
        var bound = device.BoundJid;
        await device.PingAsync(Jid.Parse(Server.Xmpp.Domain), ct);

        link.DropAllConnections();

        var e = await resumed.Task.WaitAsync(Wait, ct);
        Assert.AreEqual(bound, e.BoundJid);
        Assert.AreEqual(1, device.ResumeCount);
        Assert.AreEqual(1, device.SessionCount, "resumed on the server (XEP-0198 end to end), not logged in afresh");
        await device.PingAsync(Jid.Parse(Server.Xmpp.Domain), ct);
        await Clients.WaitUntilAsync(() => device.UnacknowledgedCount == 0, Wait, "the server to ack everything through the gateway");
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task MalformedXml_FromOneDevice_ThatStreamEndsWithStreamErrorOthersServed()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var good = new XmppClient(Clients.Agent("gw-good", Gateway.Port));
        await good.ConnectAsync(ct);
        await using var bad = await RawDevice.ConnectAsync(Gateway.Port, directTls: false, ct);
        await bad.OpenAsync(starttls: true, ct);

        // A mismatched end tag: before authentication, still inside the gateway's own framer.
        await bad.SendAsync("<message><body>x</message>", ct);

        var answer = await bad.ReadUntilAsync("</stream:stream>", ct);
        StringAssert.Contains(answer, "<not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"");
        Assert.IsTrue(await bad.ClosedByPeerAsync(ct), "the gateway closes the hostile device's connection");
        await good.PingAsync(Jid.Parse(Server.Xmpp.Domain), ct);
        Assert.IsFalse(Gateway.HasExited);
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task OversizeStanza_FromADevice_PolicyViolationAndTheGatewayServesOn()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var bad = await RawDevice.ConnectAsync(Gateway.Port, directTls: false, ct);
        await bad.OpenAsync(starttls: true, ct);

        await bad.SendAsync("<message><body>" + new string('x', 70_000) + "</body></message>", ct);

        var answer = await bad.ReadUntilAsync("</stream:stream>", ct);
        StringAssert.Contains(answer, "<policy-violation xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"");
        await using var next = new XmppClient(Clients.Agent("gw-after-oversize", Gateway.Port));
        await next.ConnectAsync(ct);
        await next.PingAsync(Jid.Parse(Server.Xmpp.Domain), ct);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task DirectTls_Features_AreTheServersSaslMechanismsWithoutStartTlsOrChannelBinding()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var device = await RawDevice.ConnectAsync(Gateway.DirectTlsPort, directTls: true, ct);

        var features = await device.OpenAsync(starttls: false, ct);

        StringAssert.Contains(features, "<mechanisms xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"");
        StringAssert.Contains(features, "<mechanism>SCRAM-SHA-");
        Assert.IsFalse(features.Contains("starttls", StringComparison.Ordinal), features);
        Assert.IsFalse(features.Contains("-PLUS", StringComparison.Ordinal), "channel binding would bind to the gateway's TLS with the server: " + features);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Stanza_BeforeAuthentication_NotAuthorizedAndNothingReachesTheServer()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var device = await RawDevice.ConnectAsync(Gateway.Port, directTls: false, ct);
        await device.OpenAsync(starttls: true, ct);

        await device.SendAsync("<message to='backend@" + Server.Xmpp.Domain + "'><body>spoofed</body></message>", ct);

        StringAssert.Contains(await device.ReadUntilAsync("</stream:stream>", ct), "<not-authorized");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Stream_ToAnotherDomain_HostUnknown()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var device = await RawDevice.ConnectAsync(Gateway.Port, directTls: false, ct);

        await device.SendAsync(RawDevice.Header("elsewhere.example"), ct);

        var answer = await device.ReadUntilAsync("</stream:stream>", ct);
        StringAssert.Contains(answer, "<stream:stream");
        StringAssert.Contains(answer, "<host-unknown");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Start_BadConfiguration_ExitCode2NamingEveryKey()
    {
        var ct = TestContext.CancellationTokenSource.Token;

        var (exit, output) = await GatewayProcess.RunToEndAsync(
            ["--set", "Gateway:Listen:Port=abc", "--set", "Gateway:Limits:MaxStanzaBytes=10", "--set", "Gateway:Server:Domain=not a domain",
             "--set", "Gateway:Certificate:CertificateFile=/nonexistent/gateway.crt", "--set", "Gateway:Certificate:KeyFile="], ct);

        Assert.AreEqual(2, exit, output);
        StringAssert.Contains(output, "Gateway:Listen:Port 'abc'");
        StringAssert.Contains(output, "MaxStanzaBytes 10");
        StringAssert.Contains(output, "Domain 'not a domain'");
        StringAssert.Contains(output, "CertificateFile '/nonexistent/gateway.crt': no such file");
        StringAssert.Contains(output, "KeyFile is empty");
    }

    /// <summary>The element with every element's attributes in name order (namespace declarations dropped).</summary>
    private static string Canonical(XElement element) =>
        new XElement(element.Name,
            element.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal),
            element.Nodes().Select(n => n is XElement child ? XElement.Parse(Canonical(child)) : n)).ToString(SaveOptions.DisableFormatting);
}
