using System.Globalization;
using System.Xml.Linq;
using Edge.Agent.Cli;
using Edge.Testing.Servers;

namespace Edge.Integration.Tests.Interop;

/// <summary>XEP-0326 browsing of the agent on the sim profile, by slixmpp (raw stanzas: it has no XEP-0326 plugin) and by `edge nodes`.</summary>
[TestClass]
public sealed class ConcentratorInteropTests
{
    private static readonly XNamespace Concentrators = "urn:xmpp:iot:concentrators";
    private static AgentUnderTest? _agent;

    private static AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("no agent");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        _agent = await AgentUnderTest.StartAsync("concentrator-interop");
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Slixmpp_Disco_AdvertisesTheConcentrator()
    {
        var lines = await SlixBackend.RunAsync("disco", "--device", Agent.FullJid.ToString());

        var features = lines.Single().GetProperty("features").EnumerateArray().Select(f => f.GetString()).ToArray();
        CollectionAssert.Contains(features, "urn:xmpp:iot:concentrators");
        CollectionAssert.DoesNotContain(features, "urn:xmpp:iot:provisioning", "only what is implemented is advertised");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Slixmpp_GetAllNodes_ListsMetersRelaysAndSensorsWithParameters()
    {
        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "get",
            "--payload", "<getAllNodes xmlns='urn:xmpp:iot:concentrators' sourceId='MeteringTopology' parameters='true'/>");

        var iq = SlixBackend.Xml(lines.Single(), "iq");
        Assert.AreEqual("result", (string?)iq.Attribute("type"), iq.ToString());
        var nodes = iq.Descendants(Concentrators + "node").ToDictionary(n => (string)n.Attribute("nodeId")!);
        foreach (var id in new[] { "device", "climate", "grid-meter", "pv-meter", "mcu", "heater", "ev-charger-enable" })
        {
            Assert.IsTrue(nodes.ContainsKey(id), $"node {id} missing: {iq}");
        }

        Assert.AreEqual("modbus", (string?)nodes["grid-meter"].Attribute("nodeType"));
        Assert.AreEqual("device", (string?)nodes["grid-meter"].Attribute("parentId"));
        Assert.AreEqual("sdm630", nodes["grid-meter"].Elements().Single(p => (string?)p.Attribute("id") == "Meter").Attribute("value")?.Value);
        Assert.AreEqual("true", (string?)nodes["heater"].Attribute("isControllable"));
        var sampleInterval = nodes["device"].Elements(Concentrators + "duration").Single(p => (string?)p.Attribute("id") == "SampleInterval");
        Assert.AreEqual("PT1S", (string?)sampleInterval.Attribute("value"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task Slixmpp_GetNodeUnknown_ItemNotFound()
    {
        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "get",
            "--payload", "<getNode xmlns='urn:xmpp:iot:concentrators' sourceId='MeteringTopology' nodeId='no-such-node'/>");

        var iq = SlixBackend.Xml(lines.Single(), "iq");
        Assert.AreEqual("error", (string?)iq.Attribute("type"));
        Assert.IsTrue(iq.Descendants().Any(e => e.Name.LocalName == "item-not-found"), iq.ToString());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task EdgeNodes_PrintsTheTree()
    {
        var server = Server.Xmpp;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var cl = new CommandLine(["--jid", TestAccounts.BackendJid, "--password", TestAccounts.BackendPassword,
            "--server", $"{server.Host}:{server.Port}", "--ca-file", server.CaFile, "--device", Agent.FullJid.ToString()],
            new HashSet<string> { "json" });

        var exit = await NodesCommand.RunAsync(cl, output, error, CancellationToken.None);

        Assert.AreEqual(0, exit, error.ToString());
        var text = output.ToString();
        StringAssert.StartsWith(text, "device  (edge-agent)");
        StringAssert.Contains(text, "\n  grid-meter  (modbus)");
        StringAssert.Contains(text, "\n  heater  (relay)");
        StringAssert.Contains(text, "Meter = sdm630");
    }
}
