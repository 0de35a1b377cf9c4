using System.Xml.Linq;
using Edge.Iot.Control;
using Edge.Things;
using Edge.Things.Control;
using Edge.Xmpp;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Tests.Control;

/// <summary>XEP-0325 payloads: golden XML for what we write, the XEP's examples for what we read, and the bad cases.</summary>
[TestClass]
public sealed class ControlPayloadTests
{
    private static readonly XNamespace Ns = ControlNamespaces.Control;

    private static string Xml(XElement element) => element.ToString(SaveOptions.DisableFormatting);

    [TestMethod]
    public void ToElement_EachOfTheTenTypes_XepElementAndLexicalForm()
    {
        var cases = new (ControlValue Value, string Xml)[]
        {
            (ControlValue.Boolean("Output", true), "<boolean name=\"Output\" value=\"true\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Color("Color", new ColorRgba(0x33, 0x99, 0xFF)), "<color name=\"Color\" value=\"3399FF\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Color("Color", new ColorRgba(0x33, 0x99, 0xFF, 0x80)), "<color name=\"Color\" value=\"3399FF80\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Date("TariffStartDate", new DateOnly(2013, 5, 1)), "<date name=\"TariffStartDate\" value=\"2013-05-01\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.DateTime("Alarm Time", new DateTimeOffset(2013, 4, 2, 8, 0, 0, TimeSpan.FromHours(2))),
                "<dateTime name=\"Alarm Time\" value=\"2013-04-02T08:00:00+02:00\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Double("4-20mA", 8.192), "<double name=\"4-20mA\" value=\"8.192\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Duration("Alarm Duration", TimeSpan.FromSeconds(210)), "<duration name=\"Alarm Duration\" value=\"PT3M30S\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Int("Output", 50000), "<int name=\"Output\" value=\"50000\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Long("Output", 500_000_000_000_000), "<long name=\"Output\" value=\"500000000000000\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.String("Row1", "Temperature: 21.4 °C"), "<string name=\"Row1\" value=\"Temperature: 21.4 °C\" xmlns=\"urn:xmpp:iot:control\" />"),
            (ControlValue.Time("Alarm Time", new TimeOnly(8, 0)), "<time name=\"Alarm Time\" value=\"08:00:00\" xmlns=\"urn:xmpp:iot:control\" />"),
        };

        foreach (var (value, xml) in cases)
        {
            Assert.AreEqual(xml, Xml(value.ToElement()));
            Assert.IsTrue(ControlValue.TryFromElement(XElement.Parse(xml), out var back, out _), xml);
            Assert.AreEqual(value, back, xml);
            Assert.IsTrue(back.TryGetValue(TimeZoneInfo.Utc, out var clr, out _), xml);
            Assert.AreEqual(xml, Xml(ControlValue.Create(value.Name, clr).ToElement()), "The CLR value writes the same lexical form.");
        }
    }

    [TestMethod]
    public void ControlSet_ToElement_NodesParametersThenForm_Golden()
    {
        var set = new ControlSet
        {
            Nodes = [new ThingReference("DigitalOutput1"), new ThingReference("meter-1", "rs485", "sdm630")],
            Values = [ControlValue.Int("FadeTimeMilliseconds", 500), ControlValue.Int("OutputPercent", 10)],
            Form = new DataForm { Type = DataFormType.Submit, Fields = [new DataFormField { Var = "MainSwitch", Values = ["true"] }] },
            ServiceToken = "svc",
        };

        Assert.AreEqual(
            "<set serviceToken=\"svc\" xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"DigitalOutput1\" />"
            + "<node nodeId=\"meter-1\" sourceId=\"rs485\" cacheType=\"sdm630\" />"
            + "<int name=\"FadeTimeMilliseconds\" value=\"500\" /><int name=\"OutputPercent\" value=\"10\" />"
            + "<x type=\"submit\" xmlns=\"jabber:x:data\"><field var=\"MainSwitch\"><value>true</value></field></x></set>",
            Xml(set.ToElement()));
    }

    [TestMethod]
    public void ControlSet_Parse_XepMultiNodeExampleWithForm()
    {
        // XEP-0325 §3.4.5
        var set = ControlSet.Parse(XElement.Parse(
            "<set xmlns='urn:xmpp:iot:control' xml:lang='en' userToken='u1'>"
            + "<node nodeId='DigitalOutput1'/><node nodeId='DigitalOutput2' sourceId='MeteringTopology'/>"
            + "<x type='submit' xmlns='jabber:x:data'><field var='xdd session' type='hidden'><value>325ED0F3</value></field>"
            + "<field var='Output' type='boolean'><value>true</value></field></x></set>"));

        Assert.AreEqual("DigitalOutput1,MeteringTopology/DigitalOutput2", string.Join(",", set.Nodes));
        Assert.AreEqual(0, set.Values.Count);
        Assert.AreEqual(DataFormType.Submit, set.Form!.Type);
        Assert.AreEqual("true", set.Form["Output"]!.Value);
        Assert.AreEqual("u1", set.UserToken);
    }

    [TestMethod]
    public void ControlSet_Parse_SmackBoolAndOrderKept()
    {
        var set = ControlSet.Parse(XElement.Parse(
            "<set xmlns='urn:xmpp:iot:control'><bool name='A' value='true'/><int name='B' value='x'/><unknown/><string name='C' value=''/></set>"));

        Assert.AreEqual("A:boolean=true,B:int=x,C:string=", string.Join(",", set.Values));
        Assert.IsFalse(set.Values[1].TryGetValue(TimeZoneInfo.Utc, out _, out var error), "Kept as written; checked later.");
        Assert.AreEqual("Parameter 'B': 'x' is not a valid int value (expected a 32-bit integer).", error);
    }

    [TestMethod]
    public void ControlSet_TryParse_Malformed_FailsWithTheReason()
    {
        var cases = new (string Xml, string Reason)[]
        {
            ("<set xmlns='urn:xmpp:iot:control'><node sourceId='s'/></set>", "no nodeId"),
            ("<set xmlns='urn:xmpp:iot:control'><int value='1'/></set>", "<int/> parameter has no name"),
            ("<set xmlns='urn:xmpp:iot:control'><int name='Output'/></set>", "Parameter 'Output' has no value"),
            ("<set xmlns='urn:xmpp:iot:control'><x xmlns='jabber:x:data' type='submit'><field><value>1</value></field></x></set>", "has no var"),
            ("<set xmlns='urn:xmpp:iot:sensordata'/>", "Expected <set xmlns='urn:xmpp:iot:control'/>"),
        };

        foreach (var (xml, reason) in cases)
        {
            Assert.IsFalse(ControlSet.TryParse(XElement.Parse(xml), out _, out var error), xml);
            StringAssert.Contains(error, reason, xml);
        }

        Assert.ThrowsExactly<XmppProtocolException>(() => ControlSet.Parse(XElement.Parse(cases[0].Xml)));
    }

    [TestMethod]
    public void SetResponseGetFormAndParamError_Golden()
    {
        Assert.AreEqual("<setResponse xmlns=\"urn:xmpp:iot:control\" />", Xml(new ControlSetResponse().ToElement()));
        Assert.AreEqual(
            "<setResponse xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"plc\" /><parameter name=\"DigitalOutput1\" /></setResponse>",
            Xml(new ControlSetResponse { Nodes = [new ThingReference("plc")], ParameterNames = ["DigitalOutput1"] }.ToElement()));
        Assert.AreEqual(
            "<getForm xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"DigitalOutput1\" /><node nodeId=\"DigitalOutput2\" /></getForm>",
            Xml(new ControlGetForm { Nodes = [new ThingReference("DigitalOutput1"), new ThingReference("DigitalOutput2")] }.ToElement()));
        Assert.AreEqual(
            "<paramError var=\"Output\" xmlns=\"urn:xmpp:iot:control\">Invalid parameter type.</paramError>",
            Xml(new ControlParameterError("Output", "Invalid parameter type.").ToElement()));

        var getForm = ControlGetForm.Parse(XElement.Parse("<getForm xmlns='urn:xmpp:iot:control' xml:lang='en' deviceToken='d'><node nodeId='n' cacheType='c'/></getForm>"));
        Assert.AreEqual(new ThingReference("n", null, "c"), getForm.Nodes.Single());
        Assert.AreEqual("d", getForm.DeviceToken);
    }

    [TestMethod]
    public void ControlSetResponse_Parse_Xep0324RestrictedAndSlixmppLegacy()
    {
        // XEP-0324 §3.5.3: the device reports the parameters it finally used.
        var restricted = ControlSetResponse.Parse(XElement.Parse(
            "<setResponse xmlns='urn:xmpp:iot:control' responseCode='OK'><parameter name='DigitalOutput1'/><parameter name='DigitalOutput2'/></setResponse>"));

        Assert.AreEqual("DigitalOutput1,DigitalOutput2", string.Join(",", restricted.ParameterNames));
        Assert.AreEqual("OK", restricted.ResponseCode);
    }

    [TestMethod]
    public void ParseArgument_CommandLineForms_TypedValuesOrAMessageNamingTheProblem()
    {
        Assert.AreEqual(ControlValue.Boolean("Output", true), ControlValue.ParseArgument("Output:boolean=true"));
        Assert.AreEqual(ControlValue.Boolean("Output", true), ControlValue.ParseArgument("Output:BOOL=true"));
        Assert.AreEqual(new ControlValue("Color", ControlParameterType.Color, "3399ff"), ControlValue.ParseArgument("Color:color=3399ff"));
        Assert.AreEqual(new ControlValue("Alarm Time", ControlParameterType.Time, "08:00:00"), ControlValue.ParseArgument("Alarm Time:time=08:00:00"));
        Assert.AreEqual(ControlValue.String("Row1", "a=b"), ControlValue.ParseArgument("Row1:string=a=b"));
        Assert.AreEqual(ControlValue.String("x:y", "1"), ControlValue.ParseArgument("x:y:string=1"));
        Assert.AreEqual(ControlValue.Duration("Alarm Duration", TimeSpan.FromSeconds(210)), ControlValue.ParseArgument("Alarm Duration:duration=PT3M30S"));

        var bad = Assert.ThrowsExactly<FormatException>(() => ControlValue.ParseArgument("Counter:int=abc"));
        Assert.AreEqual("Parameter 'Counter': 'abc' is not a valid int value (expected a 32-bit integer).", bad.Message);
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => ControlValue.ParseArgument("Output=true")).Message, "has no type");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => ControlValue.ParseArgument("Output")).Message, "name:type=value");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => ControlValue.ParseArgument("Color:color=blue")).Message,
            "RRGGBB or RRGGBBAA");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => ControlValue.Parse("4-20mA", ControlParameterType.Double, "8,2")).Message,
            "'8,2'");
    }

    [TestMethod]
    public void ParseArgument_NameValueTypedByAForm_UsesTheFieldsDatatype()
    {
        var form = ControlForm.Create([Devices.Device()], commonOnly: true);

        Assert.AreEqual(ControlValue.Int("Counter", 12), ControlValue.ParseArgument("Counter=12", form));
        Assert.AreEqual(ControlValue.Boolean("Output", false), ControlValue.ParseArgument("Output=false", form));
        Assert.AreEqual(ControlParameterType.Color, ControlValue.ParseArgument("Color=A0B0C0", form).Type);
        Assert.AreEqual(ControlParameterType.DateTime, ControlValue.ParseArgument("Alarm At=2013-04-02T08:00:00Z", form).Type);
        Assert.AreEqual(ControlParameterType.Duration, ControlValue.ParseArgument("Alarm Duration=PT5S", form).Type);
        Assert.AreEqual(ControlParameterType.String, ControlValue.ParseArgument("Row1=hello", form).Type);
        Assert.AreEqual(ControlValue.Long("Counter", 12), ControlValue.ParseArgument("Counter:long=12", form), "An explicit type wins.");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => ControlValue.ParseArgument("Counter=1.5", form)).Message, "'1.5'");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => ControlValue.ParseArgument("Nope=1", form)).Message, "no parameter 'Nope'");
    }

    [TestMethod]
    public void ControlFormTypeOf_EveryDatatype_TheParameterType()
    {
        var cases = new (string Datatype, ControlParameterType Type)[]
        {
            ("xs:boolean", ControlParameterType.Boolean), ("xdc:Color", ControlParameterType.Color),
            ("xdc:ColorAlpha", ControlParameterType.Color), ("xs:date", ControlParameterType.Date),
            ("xs:dateTime", ControlParameterType.DateTime), ("xs:double", ControlParameterType.Double),
            ("xs:duration", ControlParameterType.Duration), ("xs:int", ControlParameterType.Int),
            ("xs:long", ControlParameterType.Long), ("xs:string", ControlParameterType.String),
            ("xs:time", ControlParameterType.Time), ("xs:anyURI", ControlParameterType.String),
        };

        foreach (var (datatype, type) in cases)
        {
            Assert.AreEqual(type, ControlForm.TypeOf(new DataFormField { Var = "f", Validation = new DataFormValidation { Datatype = datatype } }), datatype);
        }

        Assert.AreEqual(ControlParameterType.Boolean, ControlForm.TypeOf(new DataFormField { Var = "f", Type = DataFormFieldType.Boolean }));
        Assert.AreEqual(ControlParameterType.String, ControlForm.TypeOf(new DataFormField { Var = "f" }));
    }

    [TestMethod]
    public void ControlFormCreate_ColorWithAlphaAndReadOnly_XepFlagsAndDatatype()
    {
        var node = new ThingNode(new ThingReference("spot"), "spotlight", parameters:
        [
            ControlParameter.Color("Color", new ColorRgba(0x94, 0x00, 0xD3, 0xC0)),
            ControlParameter.Boolean("Fault", false, readOnly: true),
        ]);

        var form = ControlForm.Create([node], commonOnly: true);

        Assert.AreEqual("xdc:ColorAlpha", form["Color"]!.Validation!.Datatype);
        Assert.AreEqual("9400D3C0", form["Color"]!.Value);
        Assert.IsNull(form["Color"]!.Validate());
        Assert.IsNotNull(new DataFormField { Var = "c", Values = ["9400D3"], Validation = form["Color"]!.Validation }.Validate());
        Assert.IsTrue(ControlForm.IsReadOnly(form["Fault"]!));
        Assert.IsFalse(ControlForm.IsReadOnly(form["Color"]!));
        var xml = Xml(ControlForm.ToElement(form));
        StringAssert.Contains(xml, "xmlns:xdc=\"urn:xmpp:xdata:color\"");
        StringAssert.Contains(xml, "<field var=\"Fault\" type=\"boolean\" label=\"Fault\"><value>false</value><xdv:validate datatype=\"xs:boolean\" /><xdd:notSame /><xdd:readOnly /></field>");
    }
}
