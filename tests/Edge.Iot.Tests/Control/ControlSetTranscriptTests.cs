using System.Xml.Linq;
using Edge.Things.Control;
using static Edge.Iot.Tests.Control.ControlFixture;

namespace Edge.Iot.Tests.Control;

/// <summary>XEP-0325 set, the paths that write: by IQ and by message, every type, several parameters and nodes.</summary>
[TestClass]
public sealed class ControlSetTranscriptTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_EachOfTheTenTypes_ProviderGetsTheClrValue()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        // The XEP-0325 §3.2 example values, one IQ each.
        var cases = new (string Element, string Name, string Lexical, object Expected)[]
        {
            ("boolean", "Output", "true", true),
            ("color", "Color", "3399FF", new ColorRgba(0x33, 0x99, 0xFF)),
            ("date", "TariffStartDate", "2013-05-01", new DateOnly(2013, 5, 1)),
            ("dateTime", "Alarm At", "2013-04-02T08:00:00Z", new DateTimeOffset(2013, 4, 2, 8, 0, 0, TimeSpan.Zero)),
            ("double", "4-20mA", "8.192", 8.192),
            ("duration", "Alarm Duration", "PT3M30S", TimeSpan.FromSeconds(210)),
            ("int", "Counter", "50000", 50000),
            ("long", "Energy", "500000000000000", 500_000_000_000_000L),
            ("string", "Row1", "Temperature: 21.4 °C", "Temperature: 21.4 °C"),
            ("time", "Alarm Time", "08:00:00", new TimeOnly(8, 0)),
        };

        for (var i = 0; i < cases.Length; i++)
        {
            var (element, name, lexical, expected) = cases[i];
            var id = "t" + i;

            // S: <iq type='set' id='t…'><set xmlns='urn:xmpp:iot:control' xml:lang='en'><int name='Counter' value='50000'/></set></iq>
            var answer = await f.SetAsync($"<set xmlns='urn:xmpp:iot:control' xml:lang='en'><{element} name='{name}' value='{lexical}'/></set>", ct, id);

            // C: <iq type='result' id='t…'><setResponse xmlns='urn:xmpp:iot:control'/></iq>
            ExpectEmptySetResponse(answer, id);
            var write = f.Provider.Writes[i];
            Assert.AreEqual(name, write.Parameter.Name, element);
            Assert.AreEqual("device", write.Node.Reference.NodeId);
            Assert.AreEqual(expected.GetType(), write.Value.GetType(), element);
            Assert.AreEqual(expected, write.Value, element);
            Assert.AreEqual(expected, write.Parameter.CurrentValue, element);
        }

        Assert.AreEqual(cases.Length, f.Provider.Writes.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_DateTimeWithoutZoneAndColorWithAlpha_TakenInTheLocalZoneAndKeptWithAlpha()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        // XEP-0325 §3.2's dateTime example has no zone: it means the device's local time (UTC+2 here, §7.1).
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><dateTime name='Alarm At' value='2013-04-02T08:00:00'/>"
            + "<color name='Color' value='3399ff80'/></set>", ct);

        ExpectEmptySetResponse(answer);
        var at = f.Parameter<DateTimeOffset>("device", "Alarm At").Value;
        Assert.AreEqual(TimeSpan.FromHours(2), at.Offset);
        Assert.AreEqual(new DateTimeOffset(2013, 4, 2, 6, 0, 0, TimeSpan.Zero), at.ToUniversalTime());
        Assert.AreEqual(new ColorRgba(0x33, 0x99, 0xFF, 0x80), f.Parameter<ColorRgba>("device", "Color").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_IntToALongAndADoubleParameter_WidenedToTheParameterType()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><int name='Energy' value='7'/><int name='4-20mA' value='12'/></set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.AreEqual(7L, f.Provider.Writes[0].Value);
        Assert.AreEqual(12d, f.Provider.Writes[1].Value);
        Assert.AreEqual(12d, f.Parameter<double>("device", "4-20mA").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_SmackBoolElement_ToleratedAsBoolean()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        // S: Smack's IoT control sends <bool/> (an older draft's name for boolean).
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><bool name='Output' value='true'/></set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.IsTrue(f.Parameter<bool>("device", "Output").Value);
        Assert.AreEqual(true, f.Provider.Writes.Single().Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByMessage_ValidSet_AppliedWithoutAnswer()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        // S: XEP-0325 §3.1.1 <message><set xmlns='urn:xmpp:iot:control'><boolean name='Output' value='true'/></set></message>
        await f.Harness.Server.SendAsync($"<message from='{Backend}' to='user@example.com'>"
            + "<set xmlns='urn:xmpp:iot:control'><boolean name='Output' value='true'/></set></message>", ct);

        // C: (nothing)
        await f.ExpectNoAnswerAsync(ct);
        Assert.IsTrue(f.Parameter<bool>("device", "Output").Value);
        Assert.AreEqual("Output", f.Provider.Writes.Single().Parameter.Name);
        Assert.AreEqual(BackendBare, f.Policy.Asked.Single().Requester.Bare.ToString());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_SeveralParametersInOneSet_WrittenInRequestOrder()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // XEP-0325 §3.2 "Setting multiple control parameters at once": the fade time first, then the output.
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node nodeId='dimmer'/>"
            + "<int name='FadeTimeMilliseconds' value='500'/><int name='OutputPercent' value='10'/></set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.AreEqual("FadeTimeMilliseconds=500,OutputPercent=10",
            string.Join(",", f.Provider.Writes.Select(w => $"{w.Parameter.Name}={w.Value}")));
        Assert.IsTrue(f.Parameter<bool>("dimmer", "MainSwitch").Value, "Untouched.");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_SeveralNodes_EveryNodeWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // XEP-0325 §3.4.2 "Sending a control command to multiple nodes"
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node nodeId='relay-1'/><node nodeId='relay-2' sourceId='MeteringTopology'/>"
            + "<boolean name='Output' value='true'/></set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.AreEqual("relay-1,relay-2", string.Join(",", f.Provider.Writes.Select(w => w.Node.Reference.NodeId)));
        Assert.IsTrue(f.Parameter<bool>("relay-1", "Output").Value);
        Assert.IsTrue(f.Parameter<bool>("relay-2", "Output").Value);
        Assert.AreEqual(2, f.Policy.Asked.Single().Nodes.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_NoNodeNamed_GoesToTheNodesThatHaveTheParameter()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><boolean name='MainSwitch' value='false'/></set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.AreEqual("dimmer,dimmer-2", string.Join(",", f.Provider.Writes.Select(w => w.Node.Reference.NodeId)));
        Assert.AreEqual("dimmer,dimmer-2", string.Join(",", f.Policy.Asked.Single().Nodes.Select(n => n.Reference.NodeId)),
            "The policy is asked about the nodes that will be written.");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_PartialForm_OnlyTheSentFieldsChange()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // S: XEP-0325 §3.3.3 "Setting a (partial) control form"
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control' xml:lang='en'><node nodeId='dimmer'/>"
            + "<x type='submit' xmlns='jabber:x:data'>"
            + "<field var='xdd session' type='hidden'><value>325ED0F3-9A9A-45A4-9634-4E0D41C5EA06</value></field>"
            + "<field var='FadeTimeMilliseconds' type='text-single'><value>500</value></field>"
            + "<field var='OutputPercent' type='text-single'><value>10</value></field>"
            + "</x></set>", ct);

        // C: <iq type='result' id='1'><setResponse xmlns='urn:xmpp:iot:control'/></iq>
        ExpectEmptySetResponse(answer);
        Assert.AreEqual(500, f.Parameter<int>("dimmer", "FadeTimeMilliseconds").Value);
        Assert.AreEqual(10, f.Parameter<int>("dimmer", "OutputPercent").Value);
        Assert.IsTrue(f.Parameter<bool>("dimmer", "MainSwitch").Value);
        Assert.AreEqual(2, f.Provider.Writes.Count);
        Assert.IsFalse(f.Provider.Writes.Any(w => w.Parameter.Name == "MainSwitch"));
        Assert.AreEqual(100, f.Parameter<int>("dimmer-2", "OutputPercent").Value, "Another node is untouched.");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_FormToSeveralNodes_EveryNodeWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // XEP-0325 §3.4.5 "Setting a (partial) control form to multiple nodes"
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control' xml:lang='en'><node nodeId='relay-1'/><node nodeId='relay-2'/>"
            + "<x type='submit' xmlns='jabber:x:data'><field var='Output' type='boolean'><value>1</value></field></x></set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.IsTrue(f.Parameter<bool>("relay-1", "Output").Value);
        Assert.IsTrue(f.Parameter<bool>("relay-2", "Output").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_EmptySubmission_SucceedsWithoutWriting()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // XEP-0325 §3.3.1: a form submitted untouched sends no parameter, so nothing is written.
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node nodeId='dimmer'/><x xmlns='jabber:x:data' type='submit'/></set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.AreEqual(0, f.Provider.Writes.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DiscoInfo_AfterRegister_AdvertisesTheControlFeature()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.RequestAsync($"<iq type='get' id='d1' from='{Backend}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", ct);

        XNamespace disco = "http://jabber.org/protocol/disco#info";
        CollectionAssert.Contains(answer.Element(disco + "query")!.Elements(disco + "feature").Select(e => (string?)e.Attribute("var")).ToList(),
            "urn:xmpp:iot:control");
    }

    private const string BackendBare = "backend@example.org";
}
