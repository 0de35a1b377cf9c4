using System.Xml.Linq;
using Edge.Xmpp.DataForms;

namespace Edge.Xmpp.Tests.DataForms;

/// <summary>XEP-0122: the XEP's examples, its leniency rules, and checking values against them.</summary>
[TestClass]
public sealed class DataFormValidationTests
{
    private static DataFormValidation Read(string fieldXml)
    {
        var form = DataForm.Parse(XElement.Parse("<x xmlns='jabber:x:data' type='form'>" + fieldXml + "</x>"));
        return form.Fields.Single().Validation ?? throw new AssertFailedException("No validation was read.");
    }

    [TestMethod]
    public void Parse_Xep0122RangeExample_ChecksDateTimesAgainstTheRange()
    {
        // XEP-0122 §3.2.3
        var v = Read("<field var='evt.date' type='text-single' label='Event Date/Time'>"
            + "<validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:dateTime'>"
            + "<range min='2003-10-05T00:00:00-07:00' max='2003-10-24T23:59:59-07:00'/></validate>"
            + "<value>2003-10-06T11:22:00-07:00</value></field>");

        Assert.AreEqual("xs:dateTime", v.Datatype);
        Assert.AreEqual(DataFormValidationMethod.Range, v.Method);
        Assert.IsNull(v.Check("2003-10-06T11:22:00-07:00"));
        StringAssert.Contains(v.Check("2003-10-05T06:59:59Z"), "below the minimum 2003-10-05T00:00:00-07:00");
        StringAssert.Contains(v.Check("2003-10-25T07:00:00Z"), "above the maximum");
        StringAssert.Contains(v.Check("6 Oct 2003"), "'6 Oct 2003' is not a valid xs:dateTime value");
    }

    [TestMethod]
    public void Parse_Xep0122RegexExample_RequiresAWholeMatch()
    {
        // XEP-0122 §3.2.4
        var v = Read("<field var='ssn' type='text-single' label='Social Security Number'>"
            + "<desc>This field should be your SSN, including '-' (e.g. 123-12-1234)</desc>"
            + "<validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:string'>"
            + "<regex>([0-9]{3})-([0-9]{2})-([0-9]{4})</regex></validate></field>");

        Assert.AreEqual(DataFormValidationMethod.Regex, v.Method);
        Assert.IsNull(v.Check("123-12-1234"));
        StringAssert.Contains(v.Check("x123-12-1234"), "does not match the pattern");
        StringAssert.Contains(v.Check("123121234"), "does not match");
    }

    [TestMethod]
    public void Parse_UnprefixedMethodInsidePrefixedValidate_IsRecognised()
    {
        // XEP-0122 §5.2's own example writes <xdv:validate><basic/></xdv:validate>: basic lands in jabber:x:data.
        var v = Read("<field type='text-single' var='date/start' label='Starting Date' xmlns:xdv='http://jabber.org/protocol/xdata-validate'>"
            + "<xdv:validate datatype='xs:date'><basic/></xdv:validate></field>");

        Assert.AreEqual("xs:date", v.Datatype);
        Assert.AreEqual(DataFormValidationMethod.Basic, v.Method);
        Assert.IsNull(v.Check("2003-10-06"));
        Assert.IsNotNull(v.Check("2003-02-30"));
    }

    [TestMethod]
    public void Parse_NoDatatypeAndTwoMethods_DefaultsToStringAndTakesTheFirst()
    {
        var v = Read("<field var='f'><validate xmlns='http://jabber.org/protocol/xdata-validate'><regex>a+</regex><range min='1'/></validate></field>");

        Assert.AreEqual(DataFormValidation.DefaultDatatype, v.Datatype);
        Assert.AreEqual(DataFormValidationMethod.Regex, v.Method);
        Assert.IsNull(v.Minimum);
    }

    [TestMethod]
    public void Check_UnknownDatatype_ValidatesAsStringButStillAppliesTheRegex()
    {
        // XEP-0331's colour fallback: a client that does not know xdc:Color still applies the regex.
        var v = DataFormValidation.Regex("xdc:Color", "^[0-9a-fA-F]{6}$");

        Assert.IsNull(v.Check("9400D3"));
        Assert.IsNotNull(v.Check("9400D3C0"));
        Assert.IsNull(new DataFormValidation { Datatype = "x:mystery" }.Check("anything at all"));
    }

    [TestMethod]
    public void Check_IntegerTypes_EnforceLexicalFormAndBounds()
    {
        var range = DataFormValidation.Range("xs:int", "-10", "10");
        Assert.IsNull(range.Check("-10"));
        Assert.IsNull(range.Check("+7"));
        Assert.IsNotNull(range.Check("11"));
        Assert.IsNotNull(range.Check("1.5"));
        Assert.IsNotNull(new DataFormValidation { Datatype = "xs:byte" }.Check("128"));
        Assert.IsNull(new DataFormValidation { Datatype = "xs:short" }.Check("-32768"));
        Assert.IsNotNull(new DataFormValidation { Datatype = "xs:long" }.Check("9223372036854775808"));
        Assert.IsNull(new DataFormValidation { Datatype = "xs:integer" }.Check("9223372036854775808"));
        Assert.IsNotNull(new DataFormValidation { Datatype = "xs:boolean" }.Check("yes"));
    }

    [TestMethod]
    public void ToElement_RangeAndListRange_GoldenXml()
    {
        var v = new DataFormValidation
        {
            Datatype = "xs:double",
            Method = DataFormValidationMethod.Range,
            Minimum = "-180",
            Maximum = "180",
            ListMinimum = 1,
            ListMaximum = 3,
        };

        Assert.AreEqual(
            "<validate datatype=\"xs:double\" xmlns=\"http://jabber.org/protocol/xdata-validate\"><range min=\"-180\" max=\"180\" />"
            + "<list-range min=\"1\" max=\"3\" /></validate>",
            v.ToElement().ToString(SaveOptions.DisableFormatting));
        Assert.AreEqual(
            "<validate datatype=\"xs:string\" xmlns=\"http://jabber.org/protocol/xdata-validate\"><open /></validate>",
            new DataFormValidation { Method = DataFormValidationMethod.Open }.ToElement().ToString(SaveOptions.DisableFormatting));
    }
}
