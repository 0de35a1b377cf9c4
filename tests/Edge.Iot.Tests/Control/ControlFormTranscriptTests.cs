using System.Xml.Linq;
using static Edge.Iot.Tests.Control.ControlFixture;

namespace Edge.Iot.Tests.Control;

/// <summary>XEP-0325 getForm (§3.3.1, §3.4.4): values, types, ranges, flags, common parameters, refusals.</summary>
[TestClass]
public sealed class ControlFormTranscriptTests
{
    private static readonly XNamespace Data = "jabber:x:data";
    private static readonly XNamespace Xdv = "http://jabber.org/protocol/xdata-validate";
    private static readonly XNamespace Xdd = "urn:xmpp:xdata:dynamic";

    public TestContext TestContext { get; set; } = null!;

    private static Task<XElement> GetFormAsync(ControlFixture f, string nodes, CancellationToken ct) =>
        f.RequestAsync($"<iq type='get' id='3' from='{Backend}' to='user@example.com/meter-7'>"
            + $"<getForm xmlns='urn:xmpp:iot:control' xml:lang='en'>{nodes}</getForm></iq>", ct);

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetForm_OneNode_GoldenXmlAsTheXepsDimmerExample()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // S: <iq type='get' id='3'><getForm xmlns='urn:xmpp:iot:control' xml:lang='en'><node nodeId='dimmer'/></getForm></iq>
        var answer = await GetFormAsync(f, "<node nodeId='dimmer'/>", ct);

        // C: the XEP-0325 §3.3.1 dimmer form (without its optional XEP-0141 pages and XEP-0336 session field).
        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual("3", (string?)answer.Attribute("id"));
        Assert.AreEqual(
            "<x type=\"form\" xmlns:xdv=\"http://jabber.org/protocol/xdata-validate\" xmlns:xdd=\"urn:xmpp:xdata:dynamic\" xmlns=\"jabber:x:data\">"
            + "<title>Dimmer</title>"
            + "<field var=\"FadeTimeMilliseconds\" type=\"text-single\" label=\"Fade Time (ms):\">"
            + "<desc>Time in milliseconds used to fade the light to the desired level.</desc><value>300</value>"
            + "<xdv:validate datatype=\"xs:int\"><xdv:range min=\"0\" max=\"4095\" /></xdv:validate><xdd:notSame /></field>"
            + "<field var=\"OutputPercent\" type=\"text-single\" label=\"Output (%):\"><desc>Dimmer output, in percent.</desc>"
            + "<value>100</value><xdv:validate datatype=\"xs:int\"><xdv:range min=\"0\" max=\"100\" /></xdv:validate><xdd:notSame /></field>"
            + "<field var=\"MainSwitch\" type=\"boolean\" label=\"Main switch\"><desc>If the dimmer is turned on or off.</desc>"
            + "<value>true</value><xdv:validate datatype=\"xs:boolean\" /><xdd:notSame /></field></x>",
            answer.Elements().Single().ToString(SaveOptions.DisableFormatting));
        Assert.AreEqual(IotOperation.Control, f.Policy.Asked.Single().Operation);
        Assert.AreEqual(0, f.Provider.Writes.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetForm_NoNode_EveryParameterWithValueTypeAndValidation()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var x = (await GetFormAsync(f, string.Empty, ct)).Element(Data + "x")!;

        var fields = x.Elements(Data + "field").ToDictionary(e => (string)e.Attribute("var")!);
        Assert.AreEqual(12, fields.Count);
        var expected = new (string Var, string Type, string Value, string Datatype, string? Min, string? Max)[]
        {
            ("Output", "boolean", "false", "xs:boolean", null, null),
            ("Color", "text-single", "000000", "xdc:Color", null, null),
            ("TariffStartDate", "text-single", "2013-01-01", "xs:date", "2000-01-01", "2099-12-31"),
            ("Alarm At", "text-single", "2013-01-01T00:00:00Z", "xs:dateTime", "2013-01-01T00:00:00Z", "2063-01-01T00:00:00Z"),
            ("4-20mA", "text-single", "4", "xs:double", "4", "20"),
            ("Alarm Duration", "text-single", "PT1M", "xs:duration", "PT0S", "PT1H"),
            ("Counter", "text-single", "0", "xs:int", "-100000", "100000"),
            ("Energy", "text-single", "0", "xs:long", null, null),
            ("Row1", "text-single", string.Empty, "xs:string", null, null),
            ("Alarm Time", "text-single", "07:00:00", "xs:time", "06:00:00", "22:00:00"),
            ("Locked", "boolean", "true", "xs:boolean", null, null),
        };
        foreach (var (var, type, value, datatype, min, max) in expected)
        {
            var field = fields[var];
            Assert.AreEqual(type, (string?)field.Attribute("type"), var);
            Assert.AreEqual(value, field.Element(Data + "value")?.Value, var);
            var validate = field.Element(Xdv + "validate")!;
            Assert.AreEqual(datatype, (string?)validate.Attribute("datatype"), var);
            Assert.AreEqual(min, (string?)validate.Element(Xdv + "range")?.Attribute("min"), var);
            Assert.AreEqual(max, (string?)validate.Element(Xdv + "range")?.Attribute("max"), var);
            Assert.IsNotNull(field.Element(Xdd + "notSame"), var);
            Assert.AreEqual(var == "Locked", field.Element(Xdd + "readOnly") is not null, var);
        }

        Assert.AreEqual("^[0-9a-fA-F]{6}$", fields["Color"].Element(Xdv + "validate")!.Element(Xdv + "regex")?.Value);
        Assert.AreEqual(".{0,32}", fields["Row1"].Element(Xdv + "validate")!.Element(Xdv + "regex")?.Value);
        Assert.AreEqual("^[A-Z]{2}-[0-9]{2}$", fields["Code"].Element(Xdv + "validate")!.Element(Xdv + "regex")?.Value);
        Assert.AreEqual("urn:xmpp:xdata:color", x.Attribute(XNamespace.Xmlns + "xdc")?.Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetForm_SeveralNodes_OnlyCommonParametersWithTheIntersectedRange()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // XEP-0325 §3.4.4 "Getting a control form from multiple nodes"
        var relays = (await GetFormAsync(f, "<node nodeId='relay-1'/><node nodeId='relay-2'/>", ct)).Element(Data + "x")!;
        Assert.AreEqual("relay-1, relay-2", relays.Element(Data + "title")?.Value);
        Assert.AreEqual("Output", (string?)relays.Elements(Data + "field").Single().Attribute("var"));
        Assert.AreEqual("boolean", (string?)relays.Elements(Data + "field").Single().Attribute("type"));

        var dimmers = (await GetFormAsync(f, "<node nodeId='dimmer'/><node nodeId='dimmer-2'/>", ct)).Element(Data + "x")!;
        var percent = dimmers.Elements(Data + "field").Single(e => (string?)e.Attribute("var") == "OutputPercent");
        var range = percent.Element(Xdv + "validate")!.Element(Xdv + "range")!;
        Assert.AreEqual("10", (string?)range.Attribute("min"), "The tighter minimum (dimmer-2).");
        Assert.AreEqual("90", (string?)range.Attribute("max"), "The tighter maximum (dimmer-2).");
        Assert.AreEqual(3, dimmers.Elements(Data + "field").Count());

        // Output is a boolean on relays and a double on the analog output: not common.
        var mixed = (await GetFormAsync(f, "<node nodeId='relay-1'/><node nodeId='analog-1'/>", ct)).Element(Data + "x")!;
        Assert.AreEqual(0, mixed.Elements(Data + "field").Count());
        var disjoint = (await GetFormAsync(f, "<node nodeId='relay-1'/><node nodeId='dimmer'/>", ct)).Element(Data + "x")!;
        Assert.AreEqual(0, disjoint.Elements(Data + "field").Count());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetForm_UnknownNode_ItemNotFound()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        var answer = await GetFormAsync(f, "<node nodeId='relay-1'/><node nodeId='nope'/>", ct);

        ExpectError(answer, "cancel", "item-not-found");
        Assert.AreEqual(0, f.Policy.Asked.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetForm_PolicyRefuses_Forbidden()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);
        f.Policy.Deny("backend@example.org", IotOperation.Control);

        // XEP-0325 §3.3.2 "Getting a control form, Failure"
        var answer = await GetFormAsync(f, string.Empty, ct);

        ExpectError(answer, "cancel", "forbidden");
        Assert.IsNull(answer.Element(Data + "x"));
        Assert.IsTrue(f.Logger.Entries.Any(e => e.EventId == 205));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetForm_AsIqSet_BadRequest()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.RequestAsync($"<iq type='set' id='s' from='{Backend}'><getForm xmlns='urn:xmpp:iot:control'/></iq>", ct);

        ExpectError(answer, "modify", "bad-request");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetFormThenSubmit_FormRoundTrip_WritesTheEditedField()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var form = Xmpp.DataForms.DataForm.Parse((await GetFormAsync(f, string.Empty, ct)).Element(Data + "x")!);
        var edited = new Xmpp.DataForms.DataForm
        {
            Type = Xmpp.DataForms.DataFormType.Submit,
            Fields = [new Xmpp.DataForms.DataFormField { Var = "Alarm Time", Values = ["09:30:00"] }],
        };
        Assert.IsNull(new Xmpp.DataForms.DataFormField { Var = "t", Values = ["09:30:00"], Validation = form["Alarm Time"]!.Validation }.Validate());
        Assert.IsNotNull(new Xmpp.DataForms.DataFormField { Var = "t", Values = ["05:00:00"], Validation = form["Alarm Time"]!.Validation }.Validate(),
            "The form's range rejects what the device would.");

        var answer = await f.SetAsync($"<set xmlns='urn:xmpp:iot:control'>{edited.ToElement()}</set>", ct);

        ExpectEmptySetResponse(answer);
        Assert.AreEqual(new TimeOnly(9, 30), f.Parameter<TimeOnly>("device", "Alarm Time").Value);
        Assert.AreEqual(1, f.Provider.Writes.Count);
    }
}
