using System.Text;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Testing;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.Exi;

namespace Edge.Integration.Tests.Gateway;

/// <summary>
/// XEP-0322 terminated at the <c>edge-gateway</c> process, in front of the fixture's server (both servers in CI):
/// setup answered from its schema set, uploads, quick setup by configuration id (kept across a gateway restart), the
/// loop guard, compress; and fuzzed EXI bodies, each ending only its own device's stream while another device is
/// served throughout.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ExiGatewayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000)]
    public async Task Setup_BuiltInSchemas_AgreedAndQuickSetupAcceptedAfterGatewayRestart()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var dataDirectory = new TempDirectory("edge-gateway-");
        var data = dataDirectory.Path;
        string id;
        using (var gateway = await GatewayProcess.StartAsync(data, ct))
        {
            await using var device = await RawDevice.ConnectAsync(gateway.Port, directTls: false, ct);
            var features = await device.LoginAsync(Jid.Parse(TestAccounts.AgentJid).Local!, TestAccounts.AgentPassword, ct);
            StringAssert.Contains(features, "<method>exi</method>", "offered after authentication");

            var answer = ExiSetupResponse.Parse(await device.AskAsync(
                new ExiSetup { Schemas = ExiSchemaSet.BuiltIn.Ids }.ToXml(), "setupResponse", ct));

            Assert.IsTrue(answer.Agreement, answer.ToXml().ToString());
            Assert.AreEqual(0, answer.MissingSchemas.Count);
            CollectionAssert.AreEquivalent(ExiSchemaSet.BuiltIn.Ids.ToList(), answer.Schemas.ToList());
            id = answer.ConfigurationId ?? throw new AssertFailedException("an agreement carries a configuration id");
            Assert.AreEqual(0, await gateway.TerminateAsync(ct));
        }

        using var again = await GatewayProcess.StartAsync(data, ct);
        await using var returning = await RawDevice.ConnectAsync(again.Port, directTls: false, ct);
        await returning.LoginAsync(Jid.Parse(TestAccounts.AgentJid).Local!, TestAccounts.AgentPassword, ct);
        var quick = ExiSetupResponse.Parse(await returning.AskAsync(ExiSetup.Quick(id).ToXml(), "setupResponse", ct));
        Assert.IsTrue(quick.Agreement, "the quick setup survives the gateway's restart");
        var unknown = ExiSetupResponse.Parse(await returning.AskAsync(ExiSetup.Quick(Guid.NewGuid().ToString()).ToXml(), "setupResponse", ct));
        Assert.IsFalse(unknown.Agreement, "an unknown configuration id is refused (§2.2.7)");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Setup_SessionWideBuffers_AgreedAsProposed_OrAnsweredOffWhenTheGatewayRefusesIt()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var proposal = new ExiSetup
        {
            Parameters = new ExiParameters { SessionWideBuffers = true, ValueMaxLength = 64, ValuePartitionCapacity = 1024 },
            Schemas = ExiSchemaSet.BuiltIn.Ids,
        };
        foreach (var allowed in new[] { true, false })
        {
            using var dataDirectory = new TempDirectory("edge-gateway-");
            var data = dataDirectory.Path;
            using var gateway = await GatewayProcess.StartAsync(data, ct, extra: ["--set", "Gateway:Exi:SessionWideBuffers=" + (allowed ? "true" : "false")]);
            await using var device = await RawDevice.ConnectAsync(gateway.Port, directTls: false, ct);
            await device.LoginAsync(Jid.Parse(TestAccounts.AgentJid).Local!, TestAccounts.AgentPassword, ct);
            var answer = ExiSetupResponse.Parse(await device.AskAsync(proposal.ToXml(), "setupResponse", ct));
            Assert.AreEqual(allowed, answer.Agreement, gateway.Output);
            Assert.AreEqual(allowed, answer.Parameters.SessionWideBuffers, "answered " + (allowed ? "as proposed" : "lowered to off (§2.2.2)"));
            Assert.AreEqual(1024, answer.Parameters.ValuePartitionCapacity);
        }
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task Setup_UnknownSchema_MissingThenUploadedAndAgreed_LoopGuardEndsEndlessSetups()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var dataDirectory = new TempDirectory("edge-gateway-");
        var data = dataDirectory.Path;
        using var gateway = await GatewayProcess.StartAsync(data, ct, extra: ["--set", "Gateway:Exi:MaxNegotiationSteps=6"]);
        var schema = ExiSchemaFile.FromBytes(Encoding.UTF8.GetBytes(
            $"<?xml version='1.0'?><xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:example:gw:{Guid.NewGuid():N}' elementFormDefault='qualified'><xs:element name='reading' type='xs:double'/></xs:schema>"),
            "test.xsd");
        var proposal = new ExiSetup { Schemas = [.. ExiSchemaSet.BuiltIn.Ids, schema.Id] };
        await using var device = await RawDevice.ConnectAsync(gateway.Port, directTls: false, ct);
        await device.LoginAsync(Jid.Parse(TestAccounts.AgentJid).Local!, TestAccounts.AgentPassword, ct);

        var first = ExiSetupResponse.Parse(await device.AskAsync(proposal.ToXml(), "setupResponse", ct));
        Assert.IsFalse(first.Agreement);
        CollectionAssert.AreEqual(new[] { schema.Id }, first.MissingSchemas.ToArray());

        await device.SendAsync(ExiUploadSchema.From(schema).ToXml().ToString(SaveOptions.DisableFormatting), ct);
        var second = ExiSetupResponse.Parse(await device.AskAsync(proposal.ToXml(), "setupResponse", ct));
        Assert.IsTrue(second.Agreement, second.ToXml().ToString());
        Assert.IsTrue(File.Exists(Path.Combine(data, "exi", "schemas", $"{schema.Id.Md5Hash}-{schema.Id.Bytes}.xsd")), "kept in the data directory");

        // Steps 4..6 (setup, upload, setup were 1..3) are answered; the 7th on one connection is the loop the guard ends.
        for (var step = 4; step <= 6; step++)
        {
            _ = await device.AskAsync(proposal.ToXml(), "setupResponse", ct);
        }

        await device.SendAsync(proposal.ToXml().ToString(SaveOptions.DisableFormatting), ct);
        StringAssert.Contains(await device.ReadUntilAsync("</stream:stream>", ct), "<policy-violation");
        Assert.IsFalse(gateway.HasExited);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Compress_BeforeAgreedSetup_SetupFailedAndTheStreamGoesOn()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var dataDirectory = new TempDirectory("edge-gateway-");
        var data = dataDirectory.Path;
        using var gateway = await GatewayProcess.StartAsync(data, ct);
        await using var device = await RawDevice.ConnectAsync(gateway.Port, directTls: false, ct);
        await device.LoginAsync(Jid.Parse(TestAccounts.AgentJid).Local!, TestAccounts.AgentPassword, ct);

        var failure = await device.AskAsync(Compress(), "failure", ct);

        Assert.IsNotNull(failure.Element(ExiNamespaces.Compress + "setup-failed"), failure.ToString());
        var bind = await device.AskAsync(XElement.Parse("<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>gw-exi-fail</resource></bind></iq>"), "iq", ct);
        Assert.AreEqual("result", (string?)bind.Attribute("type"), "XEP-0138 §3: a failed negotiation is not a stream error; bound by the server");
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task ExiBodies_RandomAndMutated_EachEndsOnlyItsStream_AnotherDeviceServedThroughout()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var dataDirectory = new TempDirectory("edge-gateway-");
        var data = dataDirectory.Path;
        // A short idle timeout: a body that only looks unfinished ends by it instead of waiting for bytes that never come.
        using var gateway = await GatewayProcess.StartAsync(data, ct, extra: ["--set", "Gateway:Limits:IdleTimeout=00:00:03"]);
        var options = Clients.Agent("gw-fuzz-good", gateway.Port);
        options.PingInterval = TimeSpan.Zero;
        await using var good = new XmppClient(options);
        await good.ConnectAsync(ct);
        using var stopPinging = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pings = PingThroughoutAsync(good, stopPinging.Token);

        var exi = new ExiParameters().ToExiOptions(null, 65536);
        var streamStart = ExiCodec.EncodeXml(
            $"<exi:streamStart xmlns:exi='{ExiNamespaces.Exi.NamespaceName}' to='{Server.Xmpp.Domain}' version='1.0'><exi:xmlns prefix='' namespace='jabber:client'/><exi:xmlns prefix='stream' namespace='http://etherx.jabber.org/streams'/></exi:streamStart>", exi);
        var stanza = ExiCodec.EncodeXml("<iq xmlns='jabber:client' type='get' id='p1' to='" + Server.Xmpp.Domain + "'><ping xmlns='urn:xmpp:ping'/></iq>", exi);
        var random = new Random(322);
        const int Devices = 24;
        for (var i = 0; i < Devices; i++)
        {
            await using var hostile = await RawDevice.ConnectAsync(gateway.Port, directTls: false, ct);
            await hostile.LoginAsync(Jid.Parse(TestAccounts.BackendJid).Local!, TestAccounts.BackendPassword, ct);
            var agreed = ExiSetupResponse.Parse(await hostile.AskAsync(new ExiSetup().ToXml(), "setupResponse", ct));
            Assert.IsTrue(agreed.Agreement, "a schema-less setup is agreed");
            _ = await hostile.AskAsync(Compress(), "compressed", ct);
            await hostile.SendAsync(streamStart, ct);
            var answer = await hostile.ReadBytesAsync(ct);
            StringAssert.Contains(ExiCodec.DecodeToXml(answer, exi), "streamStart", "the gateway answers in EXI");

            bool closed;
            try
            {
                await hostile.SendAsync(Hostile(random, i, stanza), ct);
                closed = await hostile.ClosedByPeerAsync(ct);
            }
            catch (IOException)
            {
                // The gateway refused the body's first bits and cut the connection while the rest was still being sent.
                closed = true;
            }

            Assert.IsTrue(closed, $"device {i}: the gateway ends its stream");
            Assert.IsFalse(gateway.HasExited, $"device {i} took the gateway down:\n{gateway.Output}");
        }

        await stopPinging.CancelAsync();
        var (answered, failed) = await pings;
        Assert.AreEqual(0, failed, "the other device's pings all answered");
        Assert.IsTrue(answered > 10, $"the other device was served throughout ({answered} pings)");
        await gateway.WaitForLogAsync("stream error", "the gateway to log the stream error");
        Assert.IsTrue(gateway.Logged("Device "), gateway.Output);
    }

    /// <summary>Bodies a hostile device sends: random bytes, a valid body with bits flipped, truncated, or oversize.</summary>
    private static byte[] Hostile(Random random, int i, byte[] stanza)
    {
        switch (i % 4)
        {
            case 0:
                var noise = new byte[1 + random.Next(512)];
                random.NextBytes(noise);
                return noise;
            case 1:
                var flipped = (byte[])stanza.Clone();
                for (var k = 0; k < 1 + random.Next(4); k++)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return [.. flipped, .. stanza[..Math.Min(8, stanza.Length)]];
            case 2:
                return [.. stanza[..Math.Max(1, stanza.Length / 2)], 0xFF, 0xFF, 0xFF, 0xFF];
            default:
                var huge = new byte[70_000];
                random.NextBytes(huge);
                return huge;
        }
    }

    private static async Task<(int Answered, int Failed)> PingThroughoutAsync(XmppClient client, CancellationToken stop)
    {
        int answered = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.PingAsync(Jid.Parse(Server.Xmpp.Domain), CancellationToken.None);
                answered++;
            }
            catch (XmppException)
            {
                failed++;
            }

            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (answered, failed);
    }

    private static XElement Compress() =>
        new(ExiNamespaces.Compress + "compress", new XElement(ExiNamespaces.Compress + "method", ExiNamespaces.Method));

}
