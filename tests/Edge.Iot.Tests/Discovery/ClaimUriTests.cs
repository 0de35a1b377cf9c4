using Edge.Iot.Discovery;
using Edge.Xmpp;

namespace Edge.Iot.Tests.Discovery;

/// <summary>Claim strings: the IANA <c>iotdisco:</c> form we write, and both forms read.</summary>
[TestClass]
public sealed class ClaimUriTests
{
    [TestMethod]
    public void TryParse_IanaExample_TagsAndRegistry()
    {
        // The example of the IANA registration (notes §4.2).
        Assert.IsTrue(ClaimUri.TryParse("iotdisco:SN=98734238472634;MAN=www.example.org;MODEL=Device;#V=1.0;KEY=3453485763440213840928;R=discovery.example.org",
            out var uri, out var error), error);

        Assert.AreEqual(Jid.Parse("discovery.example.org"), uri.Registry);
        Assert.IsTrue(uri.IsClaim);
        CollectionAssert.AreEqual(new[] { "SN", "MAN", "MODEL", "V", "KEY" }, uri.Tags.Select(t => t.Name).ToArray());
        Assert.AreEqual(1.0, uri.Tags.Single(t => t.Name == "V").NumericValue);
    }

    [TestMethod]
    public void TryParse_Xep0347Form_SameTags()
    {
        // XEP-0347 §Claiming Ownership, "String to encode as a QR-code".
        Assert.IsTrue(ClaimUri.TryParse("IoTDisco;SN:394872348732948723;MAN:www.ktc.se;MODEL:IMC;#V:1.2;KEY:4857402340298342", out var uri, out var error), error);

        Assert.IsNull(uri.Registry);
        Assert.AreEqual(5, uri.Tags.Count);
        Assert.AreEqual(1.2, uri.Tags.Single(t => t.Name == "V").NumericValue);
        Assert.AreEqual("4857402340298342", uri.Tags.Single(t => t.IsKey).StringValue);
    }

    [TestMethod]
    public void ToString_SpecialCharactersInValues_EscapedAndReadBack()
    {
        var uri = new ClaimUri([MetaTag.String("NAME", @"a;b=c\d"), MetaTag.Numeric("LAT", -33.008055), MetaTag.String("KEY", "k")],
            Jid.Parse("registry.localhost"));

        var text = uri.ToString();

        Assert.AreEqual(@"iotdisco:NAME=a\;b\=c\\d;#LAT=-33.008055;KEY=k;R=registry.localhost", text);
        Assert.IsTrue(ClaimUri.TryParse(text, out var read, out var error), error);
        CollectionAssert.AreEqual(uri.Tags.ToArray(), read.Tags.ToArray());
        Assert.AreEqual(uri.Registry, read.Registry);
    }

    [TestMethod]
    public void TryParse_NoKey_SearchNotClaim()
    {
        Assert.IsTrue(ClaimUri.TryParse("iotdisco:MAN=www.example.org", out var uri, out _));
        Assert.IsFalse(uri.IsClaim);
    }

    [TestMethod]
    [DataRow("http://example.org", "starts with")]
    [DataRow("iotdisco:SN", "NAME=VALUE")]
    [DataRow("iotdisco:#V=one", "not a number")]
    [DataRow("iotdisco:SN=1;R=@", "not a JID")]
    public void TryParse_Malformed_Refused(string text, string expected)
    {
        Assert.IsFalse(ClaimUri.TryParse(text, out _, out var error));
        StringAssert.Contains(error, expected);
    }
}
