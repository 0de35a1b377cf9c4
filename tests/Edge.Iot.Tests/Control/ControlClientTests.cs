using System.Xml.Linq;
using Edge.Iot.Control;
using Edge.Testing.Xmpp;
using Edge.Things;
using Edge.Things.Control;
using Edge.Xmpp;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Tests.Control;

/// <summary>The requester side against literal device answers: what it sends, and how it reads yes, no and old drafts.</summary>
[TestClass]
public sealed class ControlClientTests
{
    private static readonly XNamespace Client = ClientHarness.JabberClient;
    private static readonly XNamespace Ns = ControlNamespaces.Control;
    private static readonly Jid Device = Jid.Parse("device@example.org/edge");

    public TestContext TestContext { get; set; } = null!;

    private static async Task<(ClientHarness Harness, ControlClient Control)> StartAsync(CancellationToken ct)
    {
        var harness = new ClientHarness();
        await harness.LoginAsync(ct);
        return (harness, new ControlClient(harness.Client));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetAsync_DeviceAnswersSetResponse_SentStanzaGoldenAndSucceeded()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var pending = control.SetAsync(Device, [new ThingReference("dimmer")],
            [ControlValue.Int("FadeTimeMilliseconds", 500), ControlValue.Int("OutputPercent", 10)], ct);

        // C: <iq type='set' to='device@example.org/edge'><set xmlns='urn:xmpp:iot:control'>…</set></iq>
        var request = await h.Server.ReadElementAsync(ct);
        var id = (string)request.Attribute("id")!;
        Assert.AreEqual("set", (string?)request.Attribute("type"));
        Assert.AreEqual(Device.ToString(), (string?)request.Attribute("to"));
        Assert.AreEqual(
            "<set xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"dimmer\" /><int name=\"FadeTimeMilliseconds\" value=\"500\" />"
            + "<int name=\"OutputPercent\" value=\"10\" /></set>",
            request.Elements().Single().ToString(SaveOptions.DisableFormatting));

        // S: <iq type='result'><setResponse xmlns='urn:xmpp:iot:control'/></iq>
        await h.Server.SendAsync($"<iq type='result' id='{id}' from='{Device}'><setResponse xmlns='urn:xmpp:iot:control'/></iq>", ct);

        var result = await pending;
        Assert.IsTrue(result.Succeeded);
        Assert.IsNotNull(result.Response);
        Assert.AreEqual(0, result.Response.Nodes.Count + result.Response.ParameterNames.Count);
        Assert.AreEqual("OK", result.ToString());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetAsync_DeviceAnswersParamError_FailingParameterAsData()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var pending = control.SetAsync(Device, [], [ControlValue.Int("OutputPercent", 200)], ct);
        var id = (string)(await h.Server.ReadElementAsync(ct)).Attribute("id")!;

        // S: XEP-0325 §3.3.4's error (with its closing tag fixed), the request echoed as RFC 6120 allows.
        await h.Server.SendAsync($"<iq type='error' id='{id}' from='{Device}'><set xmlns='urn:xmpp:iot:control'><int name='OutputPercent' value='200'/></set>"
            + "<error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<paramError xmlns='urn:xmpp:iot:control' var='OutputPercent'>Invalid parameter value.</paramError></error></iq>", ct);

        var result = await pending;
        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("bad-request", result.Error!.Condition);
        Assert.AreEqual("modify", result.Error.Type);
        Assert.AreEqual(new ControlParameterError("OutputPercent", "Invalid parameter value."), result.ParameterError);
        Assert.AreEqual("modify/bad-request: parameter 'OutputPercent': Invalid parameter value.", result.ToString());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetAsync_SlixmppDeviceLegacyError_MappedToItemNotFoundWithTheParameter()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var pending = control.SetAsync(Device, [new ThingReference("relay-9")], [ControlValue.Boolean("Output", true)], ct);
        var id = (string)(await h.Server.ReadElementAsync(ct)).Attribute("id")!;

        // S: what slixmpp 1.8.3's xep_0325 device sends (printed from its stanza classes): no <error/>, a setResponse.
        await h.Server.SendAsync($"<iq xmlns=\"jabber:client\" id=\"{id}\" type=\"error\" from=\"{Device}\">"
            + "<setResponse xmlns=\"urn:xmpp:iot:control\" responseCode=\"NotFound\"><node nodeId=\"relay-9\" />"
            + "<parameter name=\"Output\" /><error var=\"Output\">Invalid nodeId relay-9</error></setResponse></iq>", ct);

        var result = await pending;
        Assert.AreEqual("item-not-found", result.Error!.Condition);
        Assert.AreEqual("Invalid nodeId relay-9", result.Error.Text);
        Assert.AreEqual("Output", result.ParameterError!.Var);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetAsync_LegacyResultCodes_OkSucceedsLockedFails()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var first = control.SetAsync(Device, [], [ControlValue.Boolean("Output", true)], ct);
        var id1 = (string)(await h.Server.ReadElementAsync(ct)).Attribute("id")!;
        await h.Server.SendAsync($"<iq type='result' id='{id1}' from='{Device}'><setResponse xmlns='urn:xmpp:iot:control' responseCode='OK'/></iq>", ct);
        Assert.IsTrue((await first).Succeeded);

        var second = control.SetAsync(Device, [], [ControlValue.Boolean("Output", true)], ct);
        var id2 = (string)(await h.Server.ReadElementAsync(ct)).Attribute("id")!;
        await h.Server.SendAsync($"<iq type='result' id='{id2}' from='{Device}'><setResponse xmlns='urn:xmpp:iot:control' responseCode='Locked'/></iq>", ct);
        var locked = await second;
        Assert.IsFalse(locked.Succeeded);
        Assert.AreEqual("conflict", locked.Error!.Condition);
        Assert.AreEqual("wait", locked.Error.Type);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SendSetMessageAsync_SendsAMessageWithTheSet()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        await control.SendSetMessageAsync(Device, [new ThingReference("DigitalOutput1")], [ControlValue.Boolean("Output", false)], ct);

        // C: XEP-0325 §3.4.1 <message to='…'><set xmlns='urn:xmpp:iot:control'><node nodeId='DigitalOutput1'/><boolean name='Output' value='false'/></set></message>
        var message = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(Client + "message", message.Name);
        Assert.AreEqual(Device.ToString(), (string?)message.Attribute("to"));
        Assert.IsNull(message.Attribute("type"));
        Assert.AreEqual(
            "<set xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"DigitalOutput1\" /><boolean name=\"Output\" value=\"false\" /></set>",
            message.Element(Ns + "set")!.ToString(SaveOptions.DisableFormatting));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetFormAsync_DeviceAnswersTheXepSpotlightForm_ParsedAndUsableToTypeValues()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var pending = control.GetFormAsync(Device, [], ct);
        var request = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual("get", (string?)request.Attribute("type"));
        Assert.AreEqual("<getForm xmlns=\"urn:xmpp:iot:control\" />", request.Elements().Single().ToString(SaveOptions.DisableFormatting));

        // S: XEP-0325 §5.4 "Grouping control parameters" (its xmlns:xdl:= / xmlns:xdd:= fixed to be XML).
        await h.Server.SendAsync($"<iq type='result' id='{(string?)request.Attribute("id")}' from='{Device}'>"
            + "<x type='form' xmlns='jabber:x:data' xmlns:xdv='http://jabber.org/protocol/xdata-validate'"
            + " xmlns:xdl='http://jabber.org/protocol/xdata-layout' xmlns:xdd='urn:xmpp:xdata:dynamic'>"
            + "<title>Spotlight</title><xdl:page label='Output'><xdl:fieldref var='MainSwitch'/></xdl:page>"
            + "<field var='xdd session' type='hidden'><value>325ED0F3-9A9A-45A4-9634-4E0D41C5EA06</value></field>"
            + "<field var='MainSwitch' type='boolean' label='Main switch'><desc>If the spotlight is turned on or off.</desc><value>true</value><xdd:notSame/></field>"
            + "<field var='HorizontalAngle' type='text-single' label='Horizontal angle:'><desc>Horizontal angle of the spotlight.</desc><value>0</value>"
            + "<xdv:validate datatype='xs:double'><xdv:range min='-180' max='180'/></xdv:validate><xdd:notSame/>"
            + "<parameterGroup xmlns='urn:xmpp:iot:control' name='direction'/></field></x></iq>", ct);

        var result = await pending;
        Assert.IsTrue(result.Succeeded);
        var form = result.Form!;
        Assert.AreEqual("Spotlight", form.Title);
        Assert.AreEqual(DataFormType.Form, form.Type);
        Assert.AreEqual("-180", form["HorizontalAngle"]!.Validation!.Minimum);
        Assert.IsTrue(form["HorizontalAngle"]!.HasExtension(Ns + "parameterGroup"));
        Assert.AreEqual(ControlValue.Double("HorizontalAngle", 45), ControlValue.ParseArgument("HorizontalAngle=45", form));
        Assert.AreEqual(ControlParameterType.Boolean, ControlValue.ParseArgument("MainSwitch=0", form).Type);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetFormAsync_DeviceRefuses_ErrorAsData()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var pending = control.GetFormAsync(Device, [new ThingReference("DigitalOutput1"), new ThingReference("DigitalOutput2")], ct);
        var request = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(2, request.Elements().Single().Elements(Ns + "node").Count());

        // S: XEP-0325 §3.4.5 "Getting a control form from multiple nodes, Failure"
        await h.Server.SendAsync($"<iq type='error' id='{(string?)request.Attribute("id")}' from='{Device}'><error type='cancel'>"
            + "<feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>Cannot merge control forms from different nodes.</text></error></iq>", ct);

        var result = await pending;
        Assert.IsFalse(result.Succeeded);
        Assert.IsNull(result.Form);
        Assert.AreEqual("feature-not-implemented", result.Error!.Condition);
        Assert.AreEqual("Cannot merge control forms from different nodes.", result.Error.Text);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetFormAsync_ResultWithoutForm_ThrowsProtocolException()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var pending = control.GetFormAsync(Device, [], ct);
        var request = await h.Server.ReadElementAsync(ct);
        await h.Server.SendAsync($"<iq type='result' id='{(string?)request.Attribute("id")}' from='{Device}'/>", ct);

        await Assert.ThrowsExactlyAsync<XmppProtocolException>(() => pending);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SubmitFormAsync_PartialForm_SentAsSubmissionOfOnlyThoseFields()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        var (h, control) = await StartAsync(ct);
        await using var _ = h;

        var edited = new DataForm
        {
            Type = DataFormType.Form,
            Fields = [new DataFormField { Var = "OutputPercent", Type = DataFormFieldType.TextSingle, Values = ["10"] }],
        };
        var pending = control.SubmitFormAsync(Device, [new ThingReference("dimmer")], edited, ct);

        var request = await h.Server.ReadElementAsync(ct);
        Assert.AreEqual(
            "<set xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"dimmer\" /><x type=\"submit\" xmlns=\"jabber:x:data\">"
            + "<field var=\"OutputPercent\" type=\"text-single\"><value>10</value></field></x></set>",
            request.Elements().Single().ToString(SaveOptions.DisableFormatting));
        await h.Server.SendAsync($"<iq type='result' id='{(string?)request.Attribute("id")}' from='{Device}'><setResponse xmlns='urn:xmpp:iot:control'/></iq>", ct);
        Assert.IsTrue((await pending).Succeeded);
    }
}
