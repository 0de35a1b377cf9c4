using System.Globalization;
using System.Xml.Linq;

namespace Edge.Integration.Tests.Interop;

/// <summary>
/// Demand response driven by XEP-0325 control from an independent backend (slixmpp, raw v0.5 stanzas): the sim's
/// loads shed and restored by the real agent, and the next readout shows it. The agent runs with a zero restore
/// window so the end of the event is seen at once.
/// </summary>
[TestClass]
public sealed class DemandResponseInteropTests
{
    private static readonly XNamespace SensorData = "urn:xmpp:iot:sensordata";
    private static AgentUnderTest? _agent;

    private static AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("no agent");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        _agent = await AgentUnderTest.StartAsync("dr-interop",
            new Dictionary<string, string?> { ["Agent:DemandResponse:RestoreWindow"] = "00:00:00" });
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
    [Timeout(120_000)]
    public async Task RawSet_LoadSheddingEvent_HeaterShedReadoutShowsItManualOnRefusedEndRestores()
    {
        var heater = Agent.Hardware.FindRelay("heater")!; // priority 3; no minimum times in AgentUnderTest's profile
        var device = Agent.FullJid.ToString();
        await SlixBackend.RunAsync("control", "--device", device, "--node", "heater", "--set", "State:boolean=true");
        Assert.IsTrue(heater.IsOn, "precondition: the heater is on");

        string until = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var set = await SlixBackend.RunAsync("iq", "--device", device, "--type", "set",
            "--payload", "<set xmlns='urn:xmpp:iot:control'><node nodeId='device'/><int name='ShedPriority' value='3'/>"
            + $"<dateTime name='ShedUntil' value='{until}'/><boolean name='LoadShedding' value='true'/></set>");
        Assert.AreEqual("result", (string?)SlixBackend.Xml(set.Single(), "iq").Attribute("type"), string.Join(" | ", set));

        await Clients.WaitUntilAsync(() => !heater.IsOn, TimeSpan.FromSeconds(5), "the heater to be shed");
        var status = await SlixBackend.RunAsync("iq", "--device", device, "--type", "get", "--until", "done=\"true\"",
            "--payload", "<req xmlns='urn:xmpp:iot:sensordata' seqnr='71' status='true'><node nodeId='device'/><node nodeId='heater'/></req>");
        var fields = status.Skip(1).Select(l => SlixBackend.Xml(l, "message")).SelectMany(m => m.Descendants()).ToArray();
        Assert.AreEqual("true", Value(fields, "boolean", "DemandResponseEvent"), string.Join(" | ", status));
        Assert.AreEqual("heater", Value(fields, "string", "ShedLoads"), "the EV charger was off before the event: not shed by the engine");
        StringAssert.Contains(Value(fields, "string", "ShedReason"), "demand response");

        var manual = await SlixBackend.RunAsync("iq", "--device", device, "--type", "set",
            "--payload", "<set xmlns='urn:xmpp:iot:control'><node nodeId='heater'/><boolean name='State' value='true'/></set>");
        var refused = SlixBackend.Xml(manual.Single(), "iq");
        Assert.AreEqual("error", (string?)refused.Attribute("type"), refused.ToString());
        StringAssert.Contains(refused.ToString(), "held off by demand response");
        Assert.IsFalse(heater.IsOn, "a refused command changes nothing");

        var end = await SlixBackend.RunAsync("iq", "--device", device, "--type", "set",
            "--payload", "<set xmlns='urn:xmpp:iot:control'><node nodeId='device'/><boolean name='LoadShedding' value='false'/></set>");
        Assert.AreEqual("result", (string?)SlixBackend.Xml(end.Single(), "iq").Attribute("type"), string.Join(" | ", end));
        await Clients.WaitUntilAsync(() => heater.IsOn, TimeSpan.FromSeconds(5), "the heater to be restored (window 0)");
    }

    private static string? Value(IEnumerable<XElement> fields, string kind, string name) =>
        (string?)fields.Single(e => e.Name == SensorData + kind && (string?)e.Attribute("name") == name).Attribute("value");
}
