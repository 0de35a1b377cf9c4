using System.Text.Json.Nodes;
using Edge.Integration.Tests.DemandResponse;
using Edge.Integration.Tests.Faults;
using Edge.Testing.Servers;
using Edge.Xmpp;

namespace Edge.Integration.Tests.Gateway;

/// <summary>
/// The real agent (<c>edge run</c> on the sim profile) behind the <c>edge-gateway</c> process, its Xmpp:Host/Port
/// pointing at the gateway, the fixture's server behind it (both servers in CI); once with XML on the device link and
/// once with <c>Xmpp:Exi:Mode=require</c>. Backends speak plain XML directly to the server.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class GatewayAgentTests
{
    internal const string Heater = "heater";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("off")]
    [DataRow("require")]
    [Timeout(180_000)]
    public async Task Agent_BehindGateway_ReadoutAndControlFromAPlainXmlBackend(string exi)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var rig = FaultRig.Create();
        AddHeater(rig.ProfilePath);
        var data = Path.Combine(rig.Directory, "gateway");
        using var gateway = await GatewayProcess.StartAsync(data, ct);
        var resource = "gw-agent-" + exi;
        var settings = rig.Settings(resource, gateway.Port, sampleInterval: "00:00:05");
        settings["Xmpp:Exi:Mode"] = exi;
        var device = Jid.Parse(TestAccounts.AgentJid + "/" + resource);
        using var agent = AgentProcess.Start(settings);
        try
        {
            await Clients.WaitUntilAsync(() => agent.Logged("Connected as " + device), TimeSpan.FromSeconds(60), "the agent to log in through the gateway",
                () => agent.Output + "\n" + gateway.Output);
            Assert.AreEqual(exi == "require", gateway.Logged("speaks EXI"), "EXI on the device link as configured:\n" + gateway.Output);
            Assert.AreEqual(exi == "require", gateway.Logged("session-wide string tables"), "XEP-0322 sessionWideBuffers agreed (the client's default):\n" + gateway.Output);

            await DrBackend.SwitchAsync(device, Heater, true);
            var values = await DrBackend.ReadAsync(device, Heater, "climate");

            Assert.AreEqual("true", values[Heater + "/State"], "the control went through the gateway and the readout came back");
            Assert.IsTrue(values.Keys.Any(k => k.StartsWith("climate/", StringComparison.Ordinal)), "the sensor's fields: " + string.Join(", ", values.Keys));
            Assert.AreEqual(0, await agent.StopAsync(TimeSpan.FromSeconds(30)), agent.Output);
        }
        finally
        {
            agent.Dispose();
        }
    }

    [TestMethod]
    [DataRow("off")]
    [DataRow("require")]
    [Timeout(240_000)]
    public async Task Gateway_RestartedWhileTheAgentPublishes_OutboxReplaysNothingLostNoneTwice(string exi)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var rig = FaultRig.Create();
        var data = Path.Combine(rig.Directory, "gateway");
        var gateway = await GatewayProcess.StartAsync(data, ct);
        var port = gateway.Port;
        var resource = "gw-restart-" + exi;
        var settings = rig.Settings(resource, port);
        settings["Xmpp:Exi:Mode"] = exi;
        using var agent = AgentProcess.Start(settings);
        try
        {
            await Clients.WaitUntilAsync(() => gateway.Logged("relayed to"), TimeSpan.FromSeconds(60), "the agent to connect through the gateway",
                () => agent.Output + "\n" + gateway.Output);
            await Task.Delay(TimeSpan.FromSeconds(3), ct); // publishing at full rate

            Assert.AreEqual(0, await gateway.TerminateAsync(ct), gateway.Output);
            gateway.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // sampling goes on into the outbox
            gateway = await GatewayProcess.StartAsync(data, ct, port: port);
            await Clients.WaitUntilAsync(() => gateway.Logged("relayed to"), TimeSpan.FromSeconds(60), "the agent to come back through the restarted gateway",
                () => agent.Output + "\n" + gateway.Output);
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            Assert.IsFalse(agent.HasExited, agent.Output);
            Assert.AreEqual(0, await agent.StopAsync(TimeSpan.FromSeconds(30)), agent.Output);
        }
        finally
        {
            agent.Dispose();
            gateway.Dispose();
        }

        // What the stopped agent had not yet sent goes out now (directly), and then every reading is on the server once.
        var appended = await rig.DrainAsync(resource + "-drain", TimeSpan.FromSeconds(60));
        await rig.AssertAllOnServerOnceAsync(appended, $"the gateway restarted under load (EXI {exi})");
    }

    [TestMethod]
    [DataRow("negotiated")]
    [DataRow("exi-only")]
    [Timeout(180_000)]
    public async Task Agent_Restarted_SecondStartSetsUpQuicklyWithTheKeptConfigurationId(string binding)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var rig = FaultRig.Create();
        using var gateway = await GatewayProcess.StartAsync(Path.Combine(rig.Directory, "gateway"), ct, exiOnly: binding == "exi-only");
        var resource = "gw-quick-" + binding;
        var settings = rig.Settings(resource, binding == "exi-only" ? gateway.ExiOnlyPort : gateway.Port, sampleInterval: "00:00:05");
        settings["Xmpp:Exi:Mode"] = "require";
        settings["Xmpp:Exi:Binding"] = binding;
        var kept = Path.Combine(rig.DataDirectory, "exi-quick-setup.xml");
        string? id = null;
        foreach (var run in new[] { "first", "second" })
        {
            using var agent = AgentProcess.Start(settings);
            await Clients.WaitUntilAsync(() => agent.Logged("EXI stream started"), TimeSpan.FromSeconds(60), $"the {run} start's EXI stream",
                () => agent.Output + "\n" + gateway.Output);
            await Clients.WaitUntilAsync(() => agent.Logged("Connected as "), TimeSpan.FromSeconds(30), $"the {run} start's login", () => agent.Output);
            if (id is null)
            {
                Assert.IsTrue(agent.Logged("(full setup"), agent.Output);
                Assert.IsTrue(File.Exists(kept), "the configuration id is kept in Agent:DataDirectory");
                id = (string?)System.Xml.Linq.XElement.Load(kept).Elements().Single().Attribute("configurationId");
                Assert.IsFalse(string.IsNullOrEmpty(id), File.ReadAllText(kept));
            }
            else
            {
                // XEP-0322 §2.2.6: a setup with only the id, accepted by the gateway (its configurations survive too).
                Assert.IsTrue(agent.Logged("(quick setup " + id), agent.Output);
                Assert.IsFalse(agent.Logged("(full setup"), agent.Output);
            }

            Assert.AreEqual(0, await agent.StopAsync(TimeSpan.FromSeconds(30)), agent.Output);
        }
    }

    /// <summary>
    /// <c>Xmpp:Exi:SchemaFiles</c> end to end: a vendor's schema compiled by the gateway's tool (<c>edge-gateway exi
    /// compile</c> writes the grammar file the agent needs), proposed by the agent beside the built-in set, uploaded when
    /// the gateway lacks it (XEP-0322 §4) and agreed: eight schemas, the canonical schema composed from grammar files on
    /// the agent and compiled from the upload on the gateway. Without uploads the two agree on the subset the gateway
    /// has (the built-in seven). Readout and control then run over that EXI stream.
    /// </summary>
    [TestMethod]
    [DataRow("negotiated", true)]
    [DataRow("exi-only", true)]
    [DataRow("negotiated", false)]
    [Timeout(180_000)]
    public async Task Agent_WithAnExtraSchemaFile_AgreesTheSetWithItOrTheSubsetTheGatewayHas(string binding, bool upload)
    {
        var ct = TestContext.CancellationTokenSource.Token;
        using var rig = FaultRig.Create();
        AddHeater(rig.ProfilePath);
        var schema = Path.Combine(rig.Directory, "vendor.xsd");
        File.WriteAllText(schema, $"<?xml version='1.0'?>\n<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:example:vendor:{Guid.NewGuid():N}' elementFormDefault='qualified'>\n  <xs:element name='tariff'><xs:complexType><xs:attribute name='cents' type='xs:unsignedShort'/></xs:complexType></xs:element>\n</xs:schema>\n");
        var (exit, output) = await GatewayProcess.RunToEndAsync(["exi", "compile", schema], ct);
        Assert.AreEqual(0, exit, output);
        Assert.IsTrue(File.Exists(schema + ".exig"), output);

        using var gateway = await GatewayProcess.StartAsync(Path.Combine(rig.Directory, "gateway"), ct, exiOnly: binding == "exi-only");
        var resource = $"gw-extra-{binding}-{upload}";
        var settings = rig.Settings(resource, binding == "exi-only" ? gateway.ExiOnlyPort : gateway.Port, sampleInterval: "00:00:05");
        settings["Xmpp:Exi:Mode"] = "require";
        settings["Xmpp:Exi:Binding"] = binding;
        settings["Xmpp:Exi:SchemaFiles:0"] = schema;
        settings["Xmpp:Exi:UploadMissingSchemas"] = upload ? "true" : "false";
        var device = Jid.Parse(TestAccounts.AgentJid + "/" + resource);
        using var agent = AgentProcess.Start(settings);
        try
        {
            await Clients.WaitUntilAsync(() => agent.Logged("Connected as " + device), TimeSpan.FromSeconds(60), "the agent to log in through the gateway",
                () => agent.Output + "\n" + gateway.Output);
            Assert.IsTrue(agent.Logged(upload ? ", 8 schemas," : ", 7 schemas,"), "the schemas of the EXI stream:\n" + agent.Output);
            var stored = Directory.GetFiles(Path.Combine(rig.Directory, "gateway", "exi", "schemas"), "*.xsd");
            Assert.AreEqual(upload ? 1 : 0, stored.Length, gateway.Output);
            if (upload)
            {
                CollectionAssert.AreEqual(File.ReadAllBytes(schema), File.ReadAllBytes(stored[0]), "the gateway keeps the uploaded bytes");
            }

            await DrBackend.SwitchAsync(device, Heater, true);
            var values = await DrBackend.ReadAsync(device, Heater, "climate");

            Assert.AreEqual("true", values[Heater + "/State"], "control and readout over the EXI stream");
            Assert.AreEqual(0, await agent.StopAsync(TimeSpan.FromSeconds(30)), agent.Output);
        }
        finally
        {
            agent.Dispose();
        }
    }

    internal static void AddHeater(string profilePath)
    {
        var profile = JsonNode.Parse(File.ReadAllText(profilePath))!.AsObject();
        profile["relays"] = new JsonArray(new JsonObject
        {
            ["id"] = Heater, ["pin"] = 22, ["activeLow"] = true, ["minOnSeconds"] = 0, ["minOffSeconds"] = 0, ["maxSwitchingsPerHour"] = 0,
        });
        File.WriteAllText(profilePath, profile.ToJsonString());
    }
}
