using System.Xml.Linq;
using Edge.Iot.Discovery;
using Edge.Xmpp;

namespace Edge.Iot.Tests.Discovery;

/// <summary>The XEP-0347 wire form: the XEP's own examples read, our writing of them, and the lenient reader.</summary>
[TestClass]
public sealed class DiscoveryCodecTests
{
    private static readonly XNamespace Ns = "urn:xmpp:iot:discovery";

    [TestMethod]
    public void TryReadRegister_XepConcentratorExample_TagsAndNode()
    {
        // XEP-0347 §Register Thing behind Concentrator, example "Register Thing behind Concentrator".
        var payload = XElement.Parse("""
            <register xmlns='urn:xmpp:iot:discovery' nodeId='imc1' sourceId='MeteringTopology'>
                <str name='SN' value='394872348732948723'/>
                <str name='MAN' value='www.ktc.se'/>
                <str name='MODEL' value='IMC'/>
                <num name='V' value='1.2'/>
                <str name='KEY' value='4857402340298342'/>
            </register>
            """);

        Assert.IsTrue(DiscoveryCodec.TryReadRegister(payload, out var request, out var error), error);

        Assert.AreEqual(new ThingNode("imc1", "MeteringTopology"), request.Node);
        Assert.IsFalse(request.SelfOwned);
        Assert.AreEqual(5, request.Tags.Count);
        Assert.AreEqual(1.2, request.Tags.Single(t => t.Name == "V").NumericValue);
        Assert.IsTrue(request.Tags.Single(t => t.Name == "KEY").IsKey);
    }

    [TestMethod]
    public void TryReadRegister_LowerCaseNamesAndNumericBoolean_ReadLeniently()
    {
        var payload = XElement.Parse("<register xmlns='urn:xmpp:iot:discovery' selfOwned='1'><str name='sn' value='1'/><num name='Lat' value='-33.008055'/></register>");

        Assert.IsTrue(DiscoveryCodec.TryReadRegister(payload, out var request, out var error), error);

        Assert.IsTrue(request.SelfOwned);
        CollectionAssert.AreEqual(new[] { "SN", "LAT" }, request.Tags.Select(t => t.Name).ToArray(), "names are case-insensitive: kept upper-case");
        Assert.AreEqual(ThingNode.None, request.Node);
    }

    [TestMethod]
    [DataRow("<num name='V' value='one'/>", "not an xs:double")]
    [DataRow("<str name='S:N' value='1'/>", "':'")]
    [DataRow("<str name='A B' value='1'/>", "white space")]
    [DataRow("<str name='THIS_NAME_IS_LONGER_THAN_32_CHARS_' value='1'/>", "longer than 32")]
    [DataRow("<str name='SN'/>", "no value")]
    [DataRow("<str name='SN' value='1'/><str name='sn' value='2'/>", "twice")]
    public void TryReadRegister_BadTag_ErrorNamesTheProblem(string tags, string expected)
    {
        var payload = XElement.Parse($"<register xmlns='urn:xmpp:iot:discovery'>{tags}</register>");

        Assert.IsFalse(DiscoveryCodec.TryReadRegister(payload, out _, out var error));
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void TryReadRegister_StringOf129Characters_Refused()
    {
        var payload = new XElement(Ns + "register", new XElement(Ns + "str", new XAttribute("name", "NAME"), new XAttribute("value", new string('x', 129))));

        Assert.IsFalse(DiscoveryCodec.TryReadRegister(payload, out _, out var error));
        StringAssert.Contains(error, "128");
    }

    [TestMethod]
    public void Mine_PrivateClaim_PublicAlwaysWritten()
    {
        var mine = DiscoveryCodec.Mine(new MineRequest([MetaTag.String("SN", "1"), MetaTag.Numeric("V", 1.2)], ThingNode.None, Public: false));

        Assert.AreEqual("<mine public=\"false\" xmlns=\"urn:xmpp:iot:discovery\"><str name=\"SN\" value=\"1\" /><num name=\"V\" value=\"1.2\" /></mine>",
            mine.ToString(SaveOptions.DisableFormatting));
        Assert.IsTrue(DiscoveryCodec.TryReadMine(XElement.Parse("<mine xmlns='urn:xmpp:iot:discovery'><str name='SN' value='1'/></mine>"), out var read, out _));
        Assert.IsTrue(read.Public, "mine/@public defaults to true (§XML Schema)");
    }

    [TestMethod]
    public void TryReadClaimed_NoPublicAttribute_ReadAsPublic()
    {
        // §Claiming Ownership, "Ownership claimed": no 'public' attribute. The XSD's default is false, but the text
        // says only public='false' marks a private thing; the reader follows the text, the writer always says it.
        var payload = XElement.Parse("<claimed xmlns='urn:xmpp:iot:discovery' jid='owner@example.org'/>");

        Assert.IsTrue(DiscoveryCodec.TryReadClaimed(payload, out var claimed, out var error), error);

        Assert.AreEqual(Jid.Parse("owner@example.org"), claimed.Jid);
        Assert.IsTrue(claimed.Public);
        Assert.AreEqual("true", (string?)DiscoveryCodec.Claimed(claimed).Attribute("public"));
    }

    [TestMethod]
    public void TryReadUpdate_OwnerUpdate_JidAndEmptyKey()
    {
        var payload = XElement.Parse("<update xmlns='urn:xmpp:iot:discovery' jid='thing@example.org'><str name='KEY' value=''/><str name='ROOM' value='1'/></update>");

        Assert.IsTrue(DiscoveryCodec.TryReadUpdate(payload, out var update, out var error), error);

        Assert.AreEqual(Jid.Parse("thing@example.org"), update.Thing);
        Assert.AreEqual(string.Empty, update.Tags.Single(t => t.IsKey).StringValue);
    }

    [TestMethod]
    public void TryReadSearch_XepExample_EveryOperatorRead()
    {
        // XEP-0347 §Search, example "Searching for Things".
        var payload = XElement.Parse("""
            <search xmlns='urn:xmpp:iot:discovery' offset='0' maxCount='20'>
                <strEq name='MAN' value='www.ktc.se'/>
                <strEq name='MODEL' value='IMC'/>
                <strMask name='SN' value='39487*' wildcard='*'/>
                <numRange name='V' min='1' minIncluded='true' max='2' maxIncluded='false'/>
                <numRange name='LON' min='-72' minIncluded='true' max='-70' maxIncluded='true'/>
                <numRange name='LAT' min='-34' minIncluded='true' max='-33' maxIncluded='true'/>
            </search>
            """);

        Assert.IsTrue(DiscoveryCodec.TryReadSearch(payload, out var search, out var error), error);

        Assert.AreEqual(0, search.Offset);
        Assert.AreEqual(20, search.MaxCount);
        CollectionAssert.AreEqual(new[]
        {
            SearchOperatorKind.StrEq, SearchOperatorKind.StrEq, SearchOperatorKind.StrMask,
            SearchOperatorKind.NumRange, SearchOperatorKind.NumRange, SearchOperatorKind.NumRange,
        }, search.Operators.Select(o => o.Kind).ToArray());
        var v = search.Operators[3];
        Assert.AreEqual((1.0, true, 2.0, false), (v.NumberMin, v.MinIncluded, v.NumberMax, v.MaxIncluded));

        // The XEP's PLC of §Search matches it.
        List<MetaTag> plc =
        [
            MetaTag.String("SN", "394872348732948723"), MetaTag.String("MAN", "www.ktc.se"), MetaTag.String("MODEL", "IMC"),
            MetaTag.Numeric("V", 1.2), MetaTag.Numeric("LON", -71.519722), MetaTag.Numeric("LAT", -33.008055),
        ];
        Assert.IsTrue(search.Operators.All(o => o.Matches(plc)));
    }

    [TestMethod]
    [DataRow("<search xmlns='urn:xmpp:iot:discovery'/>", "at least one operator")]
    [DataRow("<search xmlns='urn:xmpp:iot:discovery' maxCount='0'><strEq name='SN' value='1'/></search>", "maxCount")]
    [DataRow("<search xmlns='urn:xmpp:iot:discovery' offset='-1'><strEq name='SN' value='1'/></search>", "offset")]
    [DataRow("<search xmlns='urn:xmpp:iot:discovery'><numMask name='V' value='1*'/></search>", "not a search operator")]
    [DataRow("<search xmlns='urn:xmpp:iot:discovery'><numGt name='V' value='x'/></search>", "xs:double")]
    [DataRow("<search xmlns='urn:xmpp:iot:discovery'><strRange name='SN' min='a'/></search>", "min and max")]
    public void TryReadSearch_Malformed_Refused(string xml, string expected)
    {
        Assert.IsFalse(DiscoveryCodec.TryReadSearch(XElement.Parse(xml), out _, out var error));
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void TryReadSearch_MaskWithoutWildcard_StarAssumed()
    {
        Assert.IsTrue(DiscoveryCodec.TryReadSearch(XElement.Parse("<search xmlns='urn:xmpp:iot:discovery'><strMask name='SN' value='39*'/></search>"),
            out var search, out _));

        Assert.AreEqual("*", search.Operators[0].Wildcard);
    }

    [TestMethod]
    public void Search_WrittenAndReadBack_SameOperators()
    {
        var request = new SearchRequest([
            SearchOperator.String(SearchOperatorKind.StrNEq, "MODEL", "X"),
            SearchOperator.StringRange("SN", "a", false, "m", true, outside: true),
            SearchOperator.Numeric(SearchOperatorKind.NumLtEq, "ALT", 120.5),
            SearchOperator.NumericRange("LAT", 59, true, 60, false, outside: true),
            SearchOperator.Mask("NAME", "Edge%", "%"),
        ], Offset: 40, MaxCount: 20);

        var xml = DiscoveryCodec.Search(request);
        Assert.IsTrue(DiscoveryCodec.TryReadSearch(xml, out var read, out var error), error);

        Assert.AreEqual("strNRange", xml.Elements().ElementAt(1).Name.LocalName);
        Assert.AreEqual((40, 20), (read.Offset, read.MaxCount));
        CollectionAssert.AreEqual(request.Operators.ToArray(), read.Operators.ToArray());
    }

    [TestMethod]
    public void Found_ThingBehindConcentrator_WrittenAndReadBack()
    {
        var result = new SearchResult([new FoundThing(Jid.Parse("owner@example.org"), Jid.Parse("rack@example.org"),
            new ThingNode("imc1", "MeteringTopology"), [MetaTag.String("CLASS", "PLC"), MetaTag.Numeric("LON", -71.519722)])], More: true);

        var xml = DiscoveryCodec.Found(result);

        Assert.AreEqual("true", (string?)xml.Attribute("more"));
        var thing = xml.Element(Ns + "thing")!;
        Assert.AreEqual("imc1", (string?)thing.Attribute("nodeId"));
        Assert.IsTrue(DiscoveryCodec.TryReadFound(xml, out var read, out var error), error);
        Assert.AreEqual(-71.519722, read.Things[0].Tags.Single(t => t.Name == "LON").NumericValue);
    }

    [TestMethod]
    public void MetaTagToString_Key_ValueHidden()
    {
        Assert.AreEqual("KEY=(secret)", MetaTag.String("key", "4857402340298342").ToString());
        Assert.AreEqual("#V=1.2", MetaTag.Numeric("V", 1.2).ToString());
    }
}
