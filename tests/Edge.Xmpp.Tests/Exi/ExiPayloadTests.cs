using System.Xml.Linq;
using Edge.Exi;
using Edge.Xmpp.Exi;

namespace Edge.Xmpp.Tests.Exi;

/// <summary>The XEP-0322 negotiation elements: the XEP's own examples parse, values write back, bad input is named.</summary>
[TestClass]
public sealed class ExiPayloadTests
{
    private const string Ns = "http://jabber.org/protocol/compress/exi";

    [TestMethod]
    public void ParseSetup_XepExample_OptionsAndSchemas()
    {
        // XEP-0322 §2.2.2, "Proposing compression parameters" (two of its schema lines).
        var setup = ExiSetup.Parse(XElement.Parse($"<setup xmlns='{Ns}' version='1' strict='true' blockSize='1024' valueMaxLength='32' valuePartitionCapacity='100'>"
            + "<schema ns='http://www.w3.org/XML/1998/namespace' bytes='4726' md5Hash='2e2cf9072dc058dcda41b7ee77a5cb54'/>"
            + "<schema ns='urn:xmpp:iot:provisioning' bytes='6303' md5Hash='3ed5360bc17eadb2a8949498c9af3f0c'/></setup>"));

        Assert.IsFalse(setup.IsQuick);
        Assert.AreEqual(new ExiParameters { Strict = true, BlockSize = 1024, ValueMaxLength = 32, ValuePartitionCapacity = 100 }, setup.Parameters);
        Assert.AreEqual(2, setup.Schemas.Count);
        Assert.AreEqual(new ExiSchemaId("urn:xmpp:iot:provisioning", 6303, "3ed5360bc17eadb2a8949498c9af3f0c"), setup.Schemas[1]);
    }

    [TestMethod]
    public void ParseSetupResponse_MissingSchemaAndAgreement()
    {
        var response = ExiSetupResponse.Parse(XElement.Parse($"<setupResponse xmlns='{Ns}' version='1' agreement='true' configurationId='c76ab4ec-4993'>"
            + "<schema ns='jabber:client' bytes='6968' md5Hash='5e2d5cbf0506e3f16336d295093d66c4'/>"
            + "<missingSchema ns='urn:xmpp:iot:provisioning' bytes='6303' md5Hash='3ed5360bc17eadb2a8949498c9af3f0c'/></setupResponse>"));

        Assert.IsTrue(response.Agreement);
        Assert.AreEqual("c76ab4ec-4993", response.ConfigurationId);
        Assert.AreEqual("jabber:client", response.Schemas.Single().Namespace);
        Assert.AreEqual("urn:xmpp:iot:provisioning", response.MissingSchemas.Single().Namespace);
    }

    [TestMethod]
    public void ParseSetupResponse_NoAgreementAttribute_NoAgreement()
    {
        // §2.2.7: "The agreement attribute is optional, with a default value of false."
        Assert.IsFalse(ExiSetupResponse.Parse(XElement.Parse($"<setupResponse xmlns='{Ns}' configurationId='x'/>")).Agreement);
    }

    [TestMethod]
    public void QuickSetup_OnlyTheConfigurationId()
    {
        var xml = ExiSetup.Quick("c76ab4ec").ToXml();

        Assert.AreEqual($"<setup configurationId=\"c76ab4ec\" xmlns=\"{Ns}\" />", xml.ToString());
        Assert.IsTrue(ExiSetup.Parse(xml).IsQuick);
    }

    [TestMethod]
    [DataRow(ExiAlignment.BitPacked, null, null)]
    [DataRow(ExiAlignment.ByteAlignment, "byte-alignment", null)]
    [DataRow(ExiAlignment.PreCompression, "pre-compression", null)]
    [DataRow(ExiAlignment.Compression, null, "true")]
    public void Parameters_Alignment_WrittenAsTheXepAttributesAndReadBack(ExiAlignment alignment, string? attribute, string? compression)
    {
        var element = new ExiSetup { Parameters = new ExiParameters { Alignment = alignment } }.ToXml();

        Assert.AreEqual(attribute, (string?)element.Attribute("alignment"));
        Assert.AreEqual(compression, (string?)element.Attribute("compression"));
        Assert.AreEqual(alignment, ExiSetup.Parse(element).Parameters.Alignment);
    }

    [TestMethod]
    public void SetupResponse_RoundTrip()
    {
        var response = new ExiSetupResponse
        {
            Parameters = new ExiParameters { Alignment = ExiAlignment.Compression, Strict = true, ValueMaxLength = 64 },
            Schemas = [new ExiSchemaId("jabber:client", 10, new string('a', 32))],
            MissingSchemas = [new ExiSchemaId("urn:x", 3, new string('b', 32))],
            Agreement = true,
            ConfigurationId = "id-1",
        };

        var back = ExiSetupResponse.Parse(response.ToXml());

        Assert.AreEqual(response.Parameters, back.Parameters);
        CollectionAssert.AreEqual(response.Schemas.ToArray(), back.Schemas.ToArray());
        CollectionAssert.AreEqual(response.MissingSchemas.ToArray(), back.MissingSchemas.ToArray());
        Assert.IsTrue(back.Agreement);
        Assert.AreEqual("id-1", back.ConfigurationId);
    }

    [TestMethod]
    [DataRow("<schema ns='a' bytes='1' md5Hash='ABCDEF0123456789ABCDEF0123456789'/>", "not an MD5 hash in lower-case hex")]
    [DataRow("<schema ns='a' bytes='-1' md5Hash='0123456789abcdef0123456789abcdef'/>", "not a positive integer")]
    [DataRow("<schema ns='a' md5Hash='0123456789abcdef0123456789abcdef'/>", "needs ns, bytes and md5Hash")]
    public void ParseSetup_BadSchema_BadFormatNamingIt(string schema, string expected)
    {
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => ExiSetup.Parse(XElement.Parse($"<setup xmlns='{Ns}'>{schema.Replace("<schema", $"<schema xmlns='{Ns}'", StringComparison.Ordinal)}</setup>")));

        Assert.AreEqual("bad-format", e.StreamErrorCondition);
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void ParseSetup_AlignmentWithCompression_Refused()
    {
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => ExiSetup.Parse(XElement.Parse($"<setup xmlns='{Ns}' alignment='byte-alignment' compression='true'/>")));
        StringAssert.Contains(e.Message, "must not be combined");
    }

    [TestMethod]
    public void ParseSetup_TooManySchemas_PolicyViolation()
    {
        var schemas = string.Concat(Enumerable.Range(0, ExiSetup.MaxSchemas + 1).Select(i => $"<schema ns='urn:{i}' bytes='1' md5Hash='0123456789abcdef0123456789abcdef'/>"));
        var e = Assert.ThrowsExactly<XmppProtocolException>(() => ExiSetup.Parse(XElement.Parse($"<setup xmlns='{Ns}'>{schemas}</setup>")));
        Assert.AreEqual("policy-violation", e.StreamErrorCondition);
    }

    [TestMethod]
    public void UploadSchema_Base64OfTheExactBytes_AndBounded()
    {
        var file = ExiSchemaSet.BuiltIn.Files[0];
        var xml = ExiUploadSchema.From(file).ToXml();
        CollectionAssert.AreEqual(file.Content.ToArray(), ExiUploadSchema.Parse(xml).Content.ToArray());
        Assert.IsNull(xml.Attribute("contentType"));

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => ExiUploadSchema.Parse(xml, maxBytes: 100));
        Assert.AreEqual("policy-violation", e.StreamErrorCondition);
        var exi = Assert.ThrowsExactly<XmppProtocolException>(() => ExiUploadSchema.Parse(XElement.Parse($"<uploadSchema xmlns='{Ns}' contentType='ExiBody'>AAAA</uploadSchema>")));
        StringAssert.Contains(exi.Message, "needs bytes and md5Hash");
    }

    [TestMethod]
    public void DownloadSchemaResponse_XepErrorExamples()
    {
        var http = ExiDownloadSchemaResponse.Parse(XElement.Parse($"<downloadSchemaResponse xmlns='{Ns}' url='http://schemavault.example.org/p.xsd' result='false'><httpError code='404' message='NotFound'/></downloadSchemaResponse>"));
        Assert.AreEqual(ExiDownloadError.HttpError, http.Error);
        Assert.AreEqual(404, http.HttpCode);
        Assert.AreEqual("NotFound", http.Message);
        var type = ExiDownloadSchemaResponse.Parse(XElement.Parse($"<downloadSchemaResponse xmlns='{Ns}' url='u' result='false'><invalidContentType contentTypeReturned='text/html'/></downloadSchemaResponse>"));
        Assert.AreEqual(ExiDownloadError.InvalidContentType, type.Error);
        Assert.AreEqual("text/html", type.Message);
        var ok = ExiDownloadSchemaResponse.Parse(new ExiDownloadSchemaResponse("u", true).ToXml());
        Assert.IsTrue(ok.Result);
        Assert.AreEqual(ExiDownloadError.None, ok.Error);
        Assert.AreEqual("u", ExiDownloadSchema.Parse(new ExiDownloadSchema("u").ToXml()).Url);
    }
}
