using System.Xml.Linq;

namespace Edge.Integration.Tests.Interop;

/// <summary>
/// XEP-0323 readouts and XEP-0325 control of the agent on the sim profile, by slixmpp — through its own (old-draft)
/// plugins where they work, and with raw v0.5 stanzas.
/// </summary>
[TestClass]
public sealed class SensorDataControlInteropTests
{
    private static readonly XNamespace SensorData = "urn:xmpp:iot:sensordata";
    private static AgentUnderTest? _agent;

    private static AgentUnderTest Agent => _agent ?? throw new InvalidOperationException("no agent");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        _agent = await AgentUnderTest.StartAsync("iot-interop");
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
    public async Task Slixmpp_Disco_AdvertisesSensorDataAndControl()
    {
        var lines = await SlixBackend.RunAsync("disco", "--device", Agent.FullJid.ToString());

        var features = lines.Single().GetProperty("features").EnumerateArray().Select(f => f.GetString()).ToArray();
        CollectionAssert.Contains(features, "urn:xmpp:iot:sensordata");
        CollectionAssert.Contains(features, "urn:xmpp:iot:control");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task SlixmppPlugin_ReadoutOfClimate_FieldsThenDone()
    {
        var lines = await SlixBackend.RunAsync("readout", "--device", Agent.FullJid.ToString(), "--node", "climate", "--flag", "momentary=true");

        var results = lines.Select(l => l.GetProperty("result").GetString()).ToArray();
        Assert.AreEqual("accepted", results[0], string.Join(" | ", lines));
        Assert.AreEqual("done", results[^1], string.Join(" | ", lines));
        var fields = lines.Where(l => l.GetProperty("result").GetString() == "fields")
            .SelectMany(l => l.GetProperty("fields").EnumerateArray()).ToArray();
        var temperature = fields.Single(f => f.GetProperty("name").GetString() == "Temperature");
        Assert.AreEqual("numeric", temperature.GetProperty("typename").GetString());
        Assert.AreEqual("°C", temperature.GetProperty("unit").GetString());
        Assert.IsTrue(lines.Where(l => l.GetProperty("result").GetString() == "fields").All(l => l.GetProperty("nodeId").GetString() == "climate"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RawReq_MeterFieldFilter_OnlyThatField()
    {
        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "get", "--until", "done=\"true\"",
            "--payload", "<req xmlns='urn:xmpp:iot:sensordata' seqnr='41' momentary='true'><node nodeId='grid-meter'/><field name='Frequency'/></req>");

        var iq = SlixBackend.Xml(lines[0], "iq");
        Assert.AreEqual("result", (string?)iq.Attribute("type"), iq.ToString());
        Assert.AreEqual("41", (string?)iq.Element(SensorData + "accepted")?.Attribute("seqnr"));
        var fields = lines.Skip(1).Select(l => SlixBackend.Xml(l, "message")).SelectMany(m => m.Descendants(SensorData + "numeric")).ToArray();
        Assert.AreEqual(1, fields.Length, string.Join(" | ", lines));
        Assert.AreEqual("Frequency", (string?)fields[0].Attribute("name"));
        Assert.AreEqual("Hz", (string?)fields[0].Attribute("unit"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RawReq_UnknownNode_ItemNotFound()
    {
        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "get",
            "--payload", "<req xmlns='urn:xmpp:iot:sensordata' seqnr='42' momentary='true'><node nodeId='nope'/></req>");

        var iq = SlixBackend.Xml(lines.Single(), "iq");
        Assert.AreEqual("error", (string?)iq.Attribute("type"));
        Assert.IsTrue(iq.Descendants().Any(e => e.Name.LocalName == "item-not-found"), iq.ToString());
    }

    [TestMethod]
    [Timeout(90_000)]
    public async Task SlixmppPlugin_SetHeaterOn_RelaySwitchesAndReadoutShowsIt()
    {
        var heater = Agent.Hardware.FindRelay("heater")!;
        var target = !heater.IsOn;

        var lines = await SlixBackend.RunAsync("control", "--device", Agent.FullJid.ToString(), "--node", "heater",
            "--set", $"State:boolean={(target ? "true" : "false")}");

        Assert.AreEqual(target, heater.IsOn, string.Join(" | ", lines));
        var readout = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "get", "--until", "done=\"true\"",
            "--payload", "<req xmlns='urn:xmpp:iot:sensordata' seqnr='43' status='true'><node nodeId='heater'/><field name='State'/></req>");
        var state = readout.Skip(1).Select(l => SlixBackend.Xml(l, "message")).SelectMany(m => m.Descendants(SensorData + "boolean")).Single();
        Assert.AreEqual(target ? "true" : "false", (string?)state.Attribute("value"));
        Assert.AreEqual("true", (string?)state.Attribute("writable"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RawSet_RelayWithinMinimumOffTime_ErrorAndUnchanged()
    {
        var charger = Agent.Hardware.FindRelay("ev-charger-enable")!;
        Assert.IsFalse(charger.IsOn);

        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "set",
            "--payload", "<set xmlns='urn:xmpp:iot:control'><node nodeId='ev-charger-enable'/><boolean name='State' value='true'/></set>");

        var iq = SlixBackend.Xml(lines.Single(), "iq");
        Assert.AreEqual("error", (string?)iq.Attribute("type"), iq.ToString());
        StringAssert.Contains(iq.ToString(), "minimum");
        Assert.IsFalse(charger.IsOn, "a refused command changes nothing");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RawSet_OutOfRangeSetting_BadRequestNamingTheParameter()
    {
        var priority = Agent.Device.RootNodes[0].FindParameter("ShedPriority")!;
        var before = priority.CurrentValue;

        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "set",
            "--payload", "<set xmlns='urn:xmpp:iot:control'><node nodeId='device'/><int name='ShedPriority' value='12'/></set>");

        var iq = SlixBackend.Xml(lines.Single(), "iq");
        Assert.AreEqual("error", (string?)iq.Attribute("type"), iq.ToString());
        Assert.IsTrue(iq.Descendants().Any(e => e.Name.LocalName == "bad-request"), iq.ToString());
        StringAssert.Contains(iq.ToString(), "ShedPriority");
        Assert.AreEqual(before, priority.CurrentValue);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task SlixmppSetCommandMessage_Duration_SampleIntervalChanges()
    {
        var interval = Agent.Device.RootNodes[0].FindParameter("SampleInterval")!;

        await SlixBackend.RunAsync("control-message", "--device", Agent.FullJid.ToString(), "--node", "device",
            "--set", "SampleInterval:duration=PT2S");

        await Clients.WaitUntilAsync(() => Equals(interval.CurrentValue, TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(10),
            "the set by message to apply");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RawReq_WholeDevice_EveryFieldKindOnTheWire()
    {
        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "get", "--until", "done=\"true\"",
            "--payload", "<req xmlns='urn:xmpp:iot:sensordata' seqnr='44' all='true'/>");

        var iq = SlixBackend.Xml(lines[0], "iq");
        Assert.AreEqual("result", (string?)iq.Attribute("type"), iq.ToString());
        var kinds = lines.Skip(1).Select(l => SlixBackend.Xml(l, "message"))
            .SelectMany(m => m.Descendants(SensorData + "timestamp")).SelectMany(t => t.Elements()).Select(e => e.Name.LocalName)
            .ToHashSet(StringComparer.Ordinal);
        CollectionAssert.IsSubsetOf(new[] { "numeric", "boolean", "int", "long", "string", "enum", "date", "time", "dateTime", "duration" },
            kinds.ToArray(), string.Join(",", kinds));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RawSet_EveryParameterType_AppliedAsSent()
    {
        var device = Agent.Device.RootNodes[0];

        var lines = await SlixBackend.RunAsync("iq", "--device", Agent.FullJid.ToString(), "--type", "set",
            "--payload", "<set xmlns='urn:xmpp:iot:control'><node nodeId='device'/>"
            + "<string name='Location' value='Feeder 12'/><double name='ImportLimit' value='3000.25'/><boolean name='LoadShedding' value='true'/>"
            + "<int name='ShedPriority' value='2'/><long name='EnergyBudget' value='9000000000'/><time name='QuietHoursStart' value='21:15:00'/>"
            + "<date name='TariffChangeDate' value='2027-07-01'/><dateTime name='ShedUntil' value='2025-12-31T23:00:00Z'/>"
            + "<color name='IndicatorColor' value='0080FF'/><duration name='SampleInterval' value='PT1S'/></set>");

        var iq = SlixBackend.Xml(lines.Single(), "iq");
        Assert.AreEqual("result", (string?)iq.Attribute("type"), iq.ToString());
        Assert.AreEqual("Feeder 12", device.FindParameter("Location")!.CurrentValue);
        Assert.AreEqual(3000.25, device.FindParameter("ImportLimit")!.CurrentValue);
        Assert.AreEqual(true, device.FindParameter("LoadShedding")!.CurrentValue);
        Assert.AreEqual(2, device.FindParameter("ShedPriority")!.CurrentValue);
        Assert.AreEqual(9_000_000_000L, device.FindParameter("EnergyBudget")!.CurrentValue);
        Assert.AreEqual(new TimeOnly(21, 15), device.FindParameter("QuietHoursStart")!.CurrentValue);
        Assert.AreEqual(new DateOnly(2027, 7, 1), device.FindParameter("TariffChangeDate")!.CurrentValue);
        // ShedUntil is in the past on purpose: with LoadShedding true a future one would start a demand-response event
        // that holds the EV charger off, and the other tests of this class share the agent.
        Assert.AreEqual(new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero), device.FindParameter("ShedUntil")!.CurrentValue);
        Assert.AreEqual("0080FF", device.FindParameter("IndicatorColor")!.CurrentValue!.ToString());
        Assert.AreEqual(TimeSpan.FromSeconds(1), device.FindParameter("SampleInterval")!.CurrentValue);
    }
}
