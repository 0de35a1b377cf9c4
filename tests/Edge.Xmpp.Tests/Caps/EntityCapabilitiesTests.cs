using System.Security.Cryptography;
using System.Text;
using Edge.Xmpp.Caps;

namespace Edge.Xmpp.Tests.Caps;

[TestClass]
public sealed class EntityCapabilitiesTests
{
    [TestMethod]
    public void ComputeVersion_Xep0115SimpleExample_MatchesSpec()
    {
        // XEP-0115 §5.2: S = 'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<
        // http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<', ver = QgayPKawpkPSDYmwT/WM94uAlu0=
        var ver = EntityCapabilities.ComputeVersion(
            [new DiscoIdentity("client", "pc", "Exodus 0.9.1")],
            ["http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc",
                "http://jabber.org/protocol/caps"]);

        Assert.AreEqual("QgayPKawpkPSDYmwT/WM94uAlu0=", ver);
    }

    [TestMethod]
    public void ComputeVersion_FeatureOrderAndDuplicates_DoNotMatter()
    {
        var a = EntityCapabilities.ComputeVersion([new DiscoIdentity("client", "bot", "Edge")], ["urn:xmpp:ping", "http://jabber.org/protocol/disco#info"]);
        var b = EntityCapabilities.ComputeVersion([new DiscoIdentity("client", "bot", "Edge")],
            ["http://jabber.org/protocol/disco#info", "urn:xmpp:ping", "urn:xmpp:ping"]);

        Assert.AreEqual(a, b);
    }

    [TestMethod]
    public void ComputeVersion_SeveralIdentities_SortedByCategoryTypeLang()
    {
        // XEP-0115 §5.1 step 2: identities sorted by category, then type, then xml:lang; each "category/type/lang/name<".
        const string S = "client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<gateway/sms//SMS<urn:xmpp:ping<";
#pragma warning disable CA5350 // XEP-0115 names SHA-1 for the verification string.
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(S)));
#pragma warning restore CA5350

        var ver = EntityCapabilities.ComputeVersion(
            [new DiscoIdentity("gateway", "sms", "SMS"), new DiscoIdentity("client", "pc", "Psi 0.11", "en"),
                new DiscoIdentity("client", "pc", "Ψ 0.11", "el")],
            ["urn:xmpp:ping"]);

        Assert.AreEqual(expected, ver);
    }
}
