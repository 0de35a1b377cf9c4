using System.Text;
using Edge.Xmpp.Sasl;

namespace Edge.Xmpp.Tests.Sasl;

[TestClass]
public sealed class SaslMechanismTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Select_AllOffered_PrefersScramSha256(bool encrypted)
    {
        var mechanism = SaslMechanism.Select(["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"], "user", "pencil", encrypted);

        Assert.AreEqual("SCRAM-SHA-256", mechanism?.Name);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Select_Sha1AndPlain_PrefersScramSha1(bool encrypted)
    {
        var mechanism = SaslMechanism.Select(["PLAIN", "SCRAM-SHA-1"], "user", "pencil", encrypted);

        Assert.AreEqual("SCRAM-SHA-1", mechanism?.Name);
    }

    [TestMethod]
    public void Select_OnlyPlainOverTls_Plain()
    {
        var mechanism = SaslMechanism.Select(["PLAIN"], "user", "pencil", encrypted: true);

        Assert.IsInstanceOfType<PlainMechanism>(mechanism);
    }

    [TestMethod]
    public void Select_OnlyPlainWithoutTls_None()
    {
        Assert.IsNull(SaslMechanism.Select(["PLAIN"], "user", "pencil", encrypted: false));
    }

    [TestMethod]
    public void Select_NothingKnown_None()
    {
        Assert.IsNull(SaslMechanism.Select(["DIGEST-MD5", "X-OAUTH2", "SCRAM-SHA-1-PLUS"], "user", "pencil", encrypted: true));
    }

    [TestMethod]
    public void Plain_InitialResponse_IsNulUserNulPassword()
    {
        var plain = new PlainMechanism("user", "pencil");

        Assert.AreEqual("\0user\0pencil", Encoding.UTF8.GetString(plain.InitialResponse()));
        Assert.ThrowsExactly<XmppProtocolException>(() => plain.Challenge([1]));
    }
}
