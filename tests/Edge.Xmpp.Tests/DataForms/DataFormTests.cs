using System.Xml.Linq;
using Edge.Xmpp.DataForms;

namespace Edge.Xmpp.Tests.DataForms;

/// <summary>XEP-0004 forms: the XEP's own examples parsed and written back, and the malformed cases.</summary>
[TestClass]
public sealed class DataFormTests
{
    // XEP-0004 §6.1 "Service Returns Bot Creation Form" (the x element, whitespace removed).
    private const string BotCreationForm =
        "<x type=\"form\" xmlns=\"jabber:x:data\"><title>Bot Configuration</title>"
        + "<instructions>Fill out this form to configure your new bot!</instructions>"
        + "<field var=\"FORM_TYPE\" type=\"hidden\"><value>jabber:bot</value></field>"
        + "<field type=\"fixed\"><value>Section 1: Bot Info</value></field>"
        + "<field var=\"botname\" type=\"text-single\" label=\"The name of your bot\" />"
        + "<field var=\"description\" type=\"text-multi\" label=\"Helpful description of your bot\" />"
        + "<field var=\"public\" type=\"boolean\" label=\"Public bot?\"><required /></field>"
        + "<field var=\"password\" type=\"text-private\" label=\"Password for special access\" />"
        + "<field type=\"fixed\"><value>Section 2: Features</value></field>"
        + "<field var=\"features\" type=\"list-multi\" label=\"What features will the bot support?\">"
        + "<value>news</value><value>search</value>"
        + "<option label=\"Contests\"><value>contests</value></option><option label=\"News\"><value>news</value></option>"
        + "<option label=\"Polls\"><value>polls</value></option><option label=\"Reminders\"><value>reminders</value></option>"
        + "<option label=\"Search\"><value>search</value></option></field>"
        + "<field type=\"fixed\"><value>Section 3: Subscriber List</value></field>"
        + "<field var=\"maxsubs\" type=\"list-single\" label=\"Maximum number of subscribers\"><value>20</value>"
        + "<option label=\"10\"><value>10</value></option><option label=\"20\"><value>20</value></option>"
        + "<option label=\"30\"><value>30</value></option><option label=\"50\"><value>50</value></option>"
        + "<option label=\"100\"><value>100</value></option><option label=\"None\"><value>none</value></option></field>"
        + "<field type=\"fixed\"><value>Section 4: Invitations</value></field>"
        + "<field var=\"invitelist\" type=\"jid-multi\" label=\"People to invite\"><desc>Tell all your friends about your new bot!</desc></field>"
        + "</x>";

    [TestMethod]
    public void Parse_Xep0004BotCreationForm_ReadsEveryFieldType()
    {
        var form = DataForm.Parse(XElement.Parse(BotCreationForm));

        Assert.AreEqual(DataFormType.Form, form.Type);
        Assert.AreEqual("Bot Configuration", form.Title);
        Assert.AreEqual("Fill out this form to configure your new bot!", form.Instructions.Single());
        Assert.AreEqual(12, form.Fields.Count);
        Assert.AreEqual(DataFormFieldType.Hidden, form["FORM_TYPE"]!.Type);
        Assert.AreEqual("jabber:bot", form["FORM_TYPE"]!.Value);
        Assert.AreEqual(4, form.Fields.Count(f => f.Type == DataFormFieldType.Fixed && f.Var is null));
        Assert.IsTrue(form["public"]!.Required);
        Assert.AreEqual(DataFormFieldType.TextPrivate, form["password"]!.Type);
        var features = form["features"]!;
        Assert.AreEqual(DataFormFieldType.ListMulti, features.Type);
        Assert.AreEqual("news|search", string.Join("|", features.Values));
        Assert.AreEqual(5, features.Options.Count);
        Assert.AreEqual(new DataFormOption("reminders", "Reminders"), features.Options[3]);
        Assert.AreEqual("20", form["maxsubs"]!.Value);
        Assert.AreEqual("Tell all your friends about your new bot!", form["invitelist"]!.Description);
        Assert.AreEqual(DataFormFieldType.JidMulti, form["invitelist"]!.Type);
    }

    [TestMethod]
    public void ToElement_Xep0004BotCreationForm_WritesTheSameXml()
    {
        var form = DataForm.Parse(XElement.Parse(BotCreationForm));

        Assert.AreEqual(BotCreationForm, form.ToElement().ToString(SaveOptions.DisableFormatting));
    }

    [TestMethod]
    public void Parse_Xep0004SearchResult_ReadsReportedAndItems()
    {
        var form = DataForm.Parse(XElement.Parse(
            "<x xmlns='jabber:x:data' type='result'><title>Joogle Search: verona</title>"
            + "<reported><field var='name'/><field var='url'/></reported>"
            + "<item><field var='name'><value>Comune di Verona - Benvenuti nel sito ufficiale</value></field>"
            + "<field var='url'><value>http://www.comune.verona.it/</value></field></item>"
            + "<item><field var='name'><value>benvenuto!</value></field><field var='url'><value>http://www.hellasverona.it/</value></field></item>"
            + "</x>"));

        Assert.AreEqual(DataFormType.Result, form.Type);
        Assert.AreEqual("name|url", string.Join("|", form.Reported!.Select(f => f.Var)));
        Assert.AreEqual(2, form.Items.Count);
        Assert.AreEqual("http://www.hellasverona.it/", form.Items[1].Single(f => f.Var == "url").Value);
        Assert.AreEqual(0, form.Fields.Count);
        StringAssert.Contains(form.ToElement().ToString(SaveOptions.DisableFormatting),
            "<reported><field var=\"name\" /><field var=\"url\" /></reported><item>");
    }

    [TestMethod]
    public void ToElement_FieldWithRangeValidation_DeclaresXdvPrefixOnTheForm()
    {
        var form = new DataForm
        {
            Type = DataFormType.Form,
            Title = "Dimmer",
            Fields =
            [
                new DataFormField
                {
                    Var = "OutputPercent",
                    Type = DataFormFieldType.TextSingle,
                    Label = "Output (%):",
                    Description = "Dimmer output, in percent.",
                    Values = ["100"],
                    Validation = DataFormValidation.Range("xs:int", "0", "100"),
                },
            ],
        };

        // XEP-0325 §3.3.1's field, as XEP-0122 §5.2 recommends the prefix.
        Assert.AreEqual(
            "<x type=\"form\" xmlns:xdv=\"http://jabber.org/protocol/xdata-validate\" xmlns=\"jabber:x:data\"><title>Dimmer</title>"
            + "<field var=\"OutputPercent\" type=\"text-single\" label=\"Output (%):\"><desc>Dimmer output, in percent.</desc>"
            + "<value>100</value><xdv:validate datatype=\"xs:int\"><xdv:range min=\"0\" max=\"100\" /></xdv:validate></field></x>",
            form.ToElement().ToString(SaveOptions.DisableFormatting));
    }

    [TestMethod]
    public void Parse_Xep0325DimmerForm_KeepsValidationLayoutAndFlags()
    {
        // XEP-0325 §3.3.1 (its example declares xmlns:xdl:= and xmlns:xdd:=, which is not XML; fixed here).
        var form = DataForm.Parse(XElement.Parse(
            "<x type='form' xmlns='jabber:x:data' xmlns:xdv='http://jabber.org/protocol/xdata-validate'"
            + " xmlns:xdl='http://jabber.org/protocol/xdata-layout' xmlns:xdd='urn:xmpp:xdata:dynamic'>"
            + "<title>Dimmer</title><xdl:page label='Output'><xdl:fieldref var='FadeTimeMilliseconds'/></xdl:page>"
            + "<field var='xdd session' type='hidden'><value>325ED0F3-9A9A-45A4-9634-4E0D41C5EA06</value></field>"
            + "<field var='FadeTimeMilliseconds' type='text-single' label='Fade Time (ms):'>"
            + "<desc>Time in milliseconds used to fade the light to the desired level.</desc><value>300</value>"
            + "<xdv:validate datatype='xs:int'><xdv:range min='0' max='4095'/></xdv:validate><xdd:notSame/></field>"
            + "<field var='MainSwitch' type='boolean' label='Main switch'><value>true</value><xdd:notSame/></field></x>"));

        XNamespace xdl = "http://jabber.org/protocol/xdata-layout";
        XNamespace xdd = "urn:xmpp:xdata:dynamic";
        Assert.AreEqual(xdl + "page", form.Extensions.Single().Name);
        var fade = form["FadeTimeMilliseconds"]!;
        Assert.AreEqual("xs:int", fade.Validation!.Datatype);
        Assert.AreEqual(DataFormValidationMethod.Range, fade.Validation.Method);
        Assert.AreEqual("0", fade.Validation.Minimum);
        Assert.AreEqual("4095", fade.Validation.Maximum);
        Assert.IsTrue(fade.HasExtension(xdd + "notSame"));
        Assert.IsNull(form["MainSwitch"]!.Validation);
        Assert.IsNull(fade.Validate());
        Assert.IsNotNull(new DataFormField { Var = "f", Values = ["5000"], Validation = fade.Validation }.Validate());
    }

    [TestMethod]
    public void Parse_UnknownFieldType_ReadsAsTextSingle()
    {
        var form = DataForm.Parse(XElement.Parse("<x xmlns='jabber:x:data' type='form'><field var='a' type='colour-wheel'/><field var='b'/></x>"));

        Assert.AreEqual(DataFormFieldType.TextSingle, form["a"]!.Type);
        Assert.IsNull(form["b"]!.Type);
        Assert.AreEqual(DataFormFieldType.TextSingle, form["b"]!.EffectiveType);
    }

    [TestMethod]
    public void TryParse_MalformedForms_FailWithTheReason()
    {
        var cases = new (string Xml, string Reason)[]
        {
            ("<x xmlns='jabber:x:data'><field var='a'/></x>", "no type"),
            ("<x xmlns='jabber:x:data' type='questionnaire'/>", "'questionnaire'"),
            ("<x xmlns='jabber:x:data' type='submit'><field type='text-single'><value>1</value></field></x>", "text-single field has no var"),
            ("<x xmlns='jabber:x:data' type='submit'><field var='a'/><field var='a'/></x>", "Two fields are named 'a'"),
            ("<x xmlns='jabber:x:data' type='form'><field var='l' type='list-single'><option label='x'/></field></x>", "option of field 'l' has no value"),
            ("<x xmlns='jabber:x:data:wrong' type='form'/>", "Expected <x xmlns='jabber:x:data'/>"),
            ("<x xmlns='jabber:x:data' type='form'><field var='m' type='list-multi'><validate xmlns='http://jabber.org/protocol/xdata-validate'><list-range min='-1'/></validate></field></x>", "list-range min '-1'"),
        };

        foreach (var (xml, reason) in cases)
        {
            Assert.IsFalse(DataForm.TryParse(XElement.Parse(xml), out var form, out var error), xml);
            Assert.IsNull(form);
            StringAssert.Contains(error, reason, xml);
        }

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => DataForm.Parse(XElement.Parse(cases[0].Xml)));
        StringAssert.Contains(e.Message, "no type");
    }

    [TestMethod]
    public void TryParse_NoTypeWithContextType_TakesTheImpliedType()
    {
        Assert.IsTrue(DataForm.TryParse(XElement.Parse("<x xmlns='jabber:x:data'><field var='a'><value>1</value></field></x>"),
            DataFormType.Submit, out var form, out _));

        Assert.AreEqual(DataFormType.Submit, form.Type);
        Assert.AreEqual("1", form["a"]!.Value);
    }

    [TestMethod]
    public void Validate_SubmittedValues_ReportsTheFirstProblemNamingTheField()
    {
        static string? Check(DataFormField field) => new DataForm { Type = DataFormType.Submit, Fields = [field] }.Validate();

        Assert.IsNull(Check(new DataFormField { Var = "b", Type = DataFormFieldType.Boolean, Values = ["1"] }));
        StringAssert.Contains(Check(new DataFormField { Var = "b", Type = DataFormFieldType.Boolean, Values = ["yes"] }), "'yes' is not a boolean");
        StringAssert.Contains(Check(new DataFormField { Var = "r", Required = true }), "Field 'r' is required");
        StringAssert.Contains(Check(new DataFormField { Var = "t", Values = ["a", "b"] }), "text-single but has 2 values");
        Assert.IsNull(Check(new DataFormField { Var = "m", Type = DataFormFieldType.TextMulti, Values = ["a", "b"] }));

        DataFormOption[] options = [new("10"), new("20")];
        StringAssert.Contains(Check(new DataFormField { Var = "l", Type = DataFormFieldType.ListSingle, Options = options, Values = ["15"] }),
            "'15' is not one of its options");
        Assert.IsNull(Check(new DataFormField
        {
            Var = "l",
            Type = DataFormFieldType.ListSingle,
            Options = options,
            Values = ["15"],
            Validation = new DataFormValidation { Datatype = "xs:int", Method = DataFormValidationMethod.Open },
        }));
        StringAssert.Contains(Check(new DataFormField
        {
            Var = "lm",
            Type = DataFormFieldType.ListMulti,
            Options = options,
            Values = ["10"],
            Validation = new DataFormValidation { ListMinimum = 2 },
        }), "at least 2 values");
    }
}
