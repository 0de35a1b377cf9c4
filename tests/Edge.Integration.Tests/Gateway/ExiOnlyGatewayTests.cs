using System.Text;
using Edge.Integration.Tests.DemandResponse;
using Edge.Integration.Tests.Faults;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;

namespace Edge.Integration.Tests.Gateway;

/// <summary>
/// XEP-0322 §2.4, the EXI-only binding, on the gateway's own port (<c>Gateway:Listen:ExiOnlyPort</c>) in front of the
/// fixture's server (Prosody and ejabberd in CI): the real agent (<c>edge run</c>, <c>Xmpp:Exi:Binding=exi-only</c>)
/// publishes, answers a readout and obeys a control from a backend that speaks plain XML to the server; bytes that do
/// not start an EXI/XMPP stream end only their own connection, with a log line.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ExiOnlyGatewayTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000)]
    public async Task Agent_OnTheExiOnlyPort_PublishesAndAnswersReadoutAndControlFromAPlainXmlBackend()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var rig = FaultRig.Create();
        GatewayAgentTests.AddHeater(rig.ProfilePath);
        using var gateway = await GatewayProcess.StartAsync(Path.Combine(rig.Directory, "gateway"), ct, exiOnly: true);
        const string Resource = "gw-exi-only";
        var settings = rig.Settings(Resource, gateway.ExiOnlyPort, sampleInterval: "00:00:05");
        settings["Xmpp:Exi:Mode"] = "require";
        settings["Xmpp:Exi:Binding"] = "exi-only";
        var device = Jid.Parse(TestAccounts.AgentJid + "/" + Resource);
        using var agent = AgentProcess.Start(settings);
        await Clients.WaitUntilAsync(() => agent.Logged("Connected as " + device), TimeSpan.FromSeconds(60), "the agent to log in on the EXI-only port",
            () => agent.Output + "\n" + gateway.Output);

        await gateway.WaitForLogAsync("(EXI-only (XEP-0322 §2.4))", "the device to come in on the EXI-only port");
        await gateway.WaitForLogAsync("speaks EXI", "the setup inside the EXI stream agreed and the stream restarted");
        Assert.IsTrue(agent.Logged("on the EXI-only binding"), agent.Output);

        await DrBackend.SwitchAsync(device, GatewayAgentTests.Heater, true);
        var values = await DrBackend.ReadAsync(device, GatewayAgentTests.Heater, "climate");
        Assert.AreEqual("true", values[GatewayAgentTests.Heater + "/State"], "the control went through and the readout came back");
        Assert.IsTrue(values.Keys.Any(k => k.StartsWith("climate/", StringComparison.Ordinal)), "the sensor's fields: " + string.Join(", ", values.Keys));

        var items = await rig.ItemsOnServerAsync();
        Assert.IsTrue(FaultRig.NodeIds.All(n => items[n] > 0), "the readings published over EXI are on the server's nodes: "
            + string.Join(", ", items.Select(i => i.Key + "=" + i.Value)));
        Assert.AreEqual(0, await agent.StopAsync(TimeSpan.FromSeconds(30)), agent.Output);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ExiOnlyPort_BytesThatStartNoExiStream_EachEndsOnlyItsConnection_ThenAClientLogsIn()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var dataDirectory = new TempDirectory("edge-gateway-");
        var data = dataDirectory.Path;
        using var gateway = await GatewayProcess.StartAsync(data, ct, exiOnly: true, extra: ["--set", "Gateway:Limits:IdleTimeout=00:00:03"]);
        var random = new Random(4);
        var noise = new byte[300];
        random.NextBytes(noise);
        noise[0] = 0x3C; // '<': not the cookie's '$'
        var hostile = new (string What, byte[] Bytes)[]
        {
            ("an XML stream header (no cookie)", Encoding.UTF8.GetBytes(RawDevice.Header())),
            ("a bad cookie", [.. "$EXJ"u8, 0x80, 0x00]),
            ("random bytes", noise),
            ("the cookie and a header with options (none were set up)", [.. "$EXI"u8, 0xA0, .. noise[..40]]),
            ("the cookie, a header and a body that does not decode", [.. "$EXI"u8, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        };
        foreach (var (what, bytes) in hostile)
        {
            await using var device = await RawDevice.ConnectAsync(gateway.ExiOnlyPort, directTls: false, ct);
            bool closed;
            try
            {
                await device.SendAsync(bytes, ct);
                closed = await device.ClosedByPeerAsync(ct);
            }
            catch (IOException)
            {
                closed = true; // cut while the rest was still being sent
            }

            Assert.IsTrue(closed, what + ": the gateway ends that connection");
            Assert.IsFalse(gateway.HasExited, what + " took the gateway down:\n" + gateway.Output);
        }

        await Clients.WaitUntilAsync(() => CountOf(gateway.Output, "stream error bad-format") >= hostile.Length, TimeSpan.FromSeconds(20),
            "a log line for each refused connection", () => gateway.Output);
        await gateway.WaitForLogAsync("Not an EXI/XMPP stream", "the gateway to log the refused stream");

        // The port still serves: a client on the binding logs in (a full setup inside the EXI stream) and is answered.
        var options = Clients.Agent("gw-exi-only-client", gateway.ExiOnlyPort);
        options.Exi.Mode = XmppExiMode.Require;
        options.Exi.Binding = XmppExiOptions.ExiOnlyBinding;
        options.AutoReconnect = false;
        await using var client = new XmppClient(options);
        await client.ConnectAsync(ct);
        Assert.IsTrue(client.ExiActive);
        var id = client.ExiConfigurationId;
        Assert.IsNotNull(id, "the gateway gave a configuration id:\n" + gateway.Output);
        await client.PingAsync(Jid.Parse(Server.Xmpp.Domain), ct);
        await gateway.WaitForLogAsync("agreed, configuration " + id, "the gateway to log the agreed configuration");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task ExiOnlyPort_AtTheConnectionLimit_RefusedInExiWithPolicyViolation()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var dataDirectory = new TempDirectory("edge-gateway-");
        var data = dataDirectory.Path;
        using var gateway = await GatewayProcess.StartAsync(data, ct, exiOnly: true, extra: ["--set", "Gateway:Limits:MaxConnections=1"]);
        await using var holder = await RawDevice.ConnectAsync(gateway.ExiOnlyPort, directTls: false, ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct); // accepted and counted

        var options = Clients.Agent("gw-exi-only-limit", gateway.ExiOnlyPort);
        options.Exi.Mode = XmppExiMode.Require;
        options.Exi.Binding = XmppExiOptions.ExiOnlyBinding;
        options.AutoReconnect = false;
        await using var client = new XmppClient(options);
        var e = await Assert.ThrowsExactlyAsync<XmppConnectionException>(() => client.ConnectAsync(ct));

        // The refusal is an EXI/XMPP stream (cookie, header, streamStart, the stream error), which the client reads as such.
        StringAssert.Contains(e.Message, "policy-violation");
        StringAssert.Contains(e.Message, "connection limit");
        await gateway.WaitForLogAsync("Connection limit 1 reached", "the gateway to log the connection limit");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Doctor_OnTheExiOnlyPort_LogsInOverTheBinding()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var dataDirectory = new TempDirectory("edge-doctor-exi-only-");
        var data = dataDirectory.Path;
        using var gateway = await GatewayProcess.StartAsync(Path.Combine(data, "gateway"), ct, exiOnly: true);
        var args = new List<string>
        {
            "--set", "Xmpp:Jid=" + TestAccounts.AgentJid, "--set", "Xmpp:Password=" + TestAccounts.AgentPassword,
            "--set", "Xmpp:Host=" + Server.Xmpp.Host, "--set", "Xmpp:Port=" + gateway.ExiOnlyPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--set", "Xmpp:Tls:CaFile=" + Server.Xmpp.CaFile, "--set", "Xmpp:Exi:Mode=require", "--set", "Xmpp:Exi:Binding=exi-only",
            "--set", "Agent:HardwareProfile=" + Path.Combine(RepositoryPaths.Root, "hardware", "profiles", "sim.json"),
            "--set", "Agent:DataDirectory=" + data, "--timeout", "10",
        };
        using var output = new StringWriter();

        var code = await Edge.Agent.Cli.DoctorCommand.RunAsync(new Edge.Agent.Cli.CommandLine(args, new HashSet<string> { "offline" }), output, ct);

        Assert.AreEqual(0, code, output + "\n" + gateway.Output);
        StringAssert.Contains(output.ToString(), "ok    login           TLS and login as " + TestAccounts.AgentJid + "/");
        await gateway.WaitForLogAsync("(EXI-only (XEP-0322 §2.4))", "the doctor's login on the EXI-only port");
    }

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
