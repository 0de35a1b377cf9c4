using System.Text;
using Edge.Testing.Xmpp;
using Edge.Xmpp.Sasl;

namespace Edge.Xmpp.Tests.Sasl;

[TestClass]
public sealed class ScramMechanismTests
{
    // RFC 5802 §5 (SCRAM-SHA-1), user "user", password "pencil".
    private const string Sha1ClientNonce = "fyko+d2lbbFgONRv9qkxdawL";
    private const string Sha1ClientFirst = "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL";
    private const string Sha1ServerFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
    private const string Sha1ClientFinal = "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
    private const string Sha1ServerFinal = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

    // RFC 7677 §3 (SCRAM-SHA-256), user "user", password "pencil".
    private const string Sha256ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string Sha256ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string Sha256ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string Sha256ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string Sha256ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    [TestMethod]
    public void Exchange_Rfc5802Sha1Example_MatchesEveryMessage()
    {
        var scram = new ScramMechanism(ScramMechanism.Sha1, "user", "pencil", Sha1ClientNonce);

        Assert.AreEqual("SCRAM-SHA-1", scram.Name);
        Assert.AreEqual(Sha1ClientFirst, Text(scram.InitialResponse()));
        Assert.AreEqual(Sha1ClientFinal, Text(scram.Challenge(Bytes(Sha1ServerFirst))));
        scram.VerifySuccess(Bytes(Sha1ServerFinal));
    }

    [TestMethod]
    public void Exchange_Rfc7677Sha256Example_MatchesEveryMessage()
    {
        var scram = new ScramMechanism(ScramMechanism.Sha256, "user", "pencil", Sha256ClientNonce);

        Assert.AreEqual("SCRAM-SHA-256", scram.Name);
        Assert.AreEqual(Sha256ClientFirst, Text(scram.InitialResponse()));
        Assert.AreEqual(Sha256ClientFinal, Text(scram.Challenge(Bytes(Sha256ServerFirst))));
        scram.VerifySuccess(Bytes(Sha256ServerFinal));
    }

    [TestMethod]
    [DataRow("v=rmF9pqV8S7suAoZWja4dJRkFsKA=")]
    [DataRow("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")]
    [DataRow("v=not base64!")]
    [DataRow("x=nothing")]
    [DataRow("")]
    public void VerifySuccess_WrongServerSignature_ThrowsProtocolException(string serverFinal)
    {
        var scram = new ScramMechanism(ScramMechanism.Sha1, "user", "pencil", Sha1ClientNonce);
        scram.InitialResponse();
        scram.Challenge(Bytes(Sha1ServerFirst));

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => scram.VerifySuccess(Bytes(serverFinal)));

        StringAssert.Contains(e.Message, "signature");
    }

    [TestMethod]
    public void VerifySuccess_ServerError_ThrowsWithTheError()
    {
        var scram = new ScramMechanism(ScramMechanism.Sha1, "user", "pencil", Sha1ClientNonce);
        scram.InitialResponse();
        scram.Challenge(Bytes(Sha1ServerFirst));

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => scram.VerifySuccess(Bytes("e=invalid-proof")));

        StringAssert.Contains(e.Message, "invalid-proof");
    }

    [TestMethod]
    public void VerifySuccess_BeforeChallenge_ThrowsProtocolException()
    {
        var scram = new ScramMechanism(ScramMechanism.Sha1, "user", "pencil", Sha1ClientNonce);
        scram.InitialResponse();

        Assert.ThrowsExactly<XmppProtocolException>(() => scram.VerifySuccess(Bytes(Sha1ServerFinal)));
    }

    [TestMethod]
    [DataRow("r=someoneelsesnonce3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096")]
    [DataRow("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096")]
    [DataRow("r=fyko+d2lbbFgONRv9qkxdaw,s=QSXCR+Q6sek8bf92,i=4096")]
    public void Challenge_ServerNonceNotExtendingOurs_Rejected(string serverFirst)
    {
        var scram = new ScramMechanism(ScramMechanism.Sha1, "user", "pencil", Sha1ClientNonce);
        scram.InitialResponse();

        var e = Assert.ThrowsExactly<XmppProtocolException>(() => scram.Challenge(Bytes(serverFirst)));

        StringAssert.Contains(e.Message, "nonce");
    }

    [TestMethod]
    [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfc,i=4096")]
    [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=0")]
    [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=999999999")]
    [DataRow("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=***,i=4096")]
    public void Challenge_MalformedOrUnreasonableServerFirst_Rejected(string serverFirst)
    {
        var scram = new ScramMechanism(ScramMechanism.Sha1, "user", "pencil", Sha1ClientNonce);
        scram.InitialResponse();

        Assert.ThrowsExactly<XmppProtocolException>(() => scram.Challenge(Bytes(serverFirst)));
    }

    [TestMethod]
    public void InitialResponse_UserWithCommaAndEquals_Escaped()
    {
        var scram = new ScramMechanism(ScramMechanism.Sha256, "a,b=c", "pw", "nonce");

        Assert.AreEqual("n,,n=a=2Cb=3Dc,r=nonce", Text(scram.InitialResponse()));
    }

    [TestMethod]
    public void InitialResponse_NoNonceGiven_FreshRandomNonceEachTime()
    {
        var a = Text(new ScramMechanism(ScramMechanism.Sha1, "user", "pencil").InitialResponse());
        var b = Text(new ScramMechanism(ScramMechanism.Sha1, "user", "pencil").InitialResponse());

        Assert.AreNotEqual(a, b);
        StringAssert.StartsWith(a, "n,,n=user,r=");
    }

    [TestMethod]
    public void Exchange_AgainstIndependentServerWithRandomNonce_BothSidesVerify()
    {
        var client = new ScramMechanism(ScramMechanism.Sha256, "user", "pencil");
        var server = new ScramServer("SHA-256", "user", "pencil");

        var serverFirst = server.ServerFirst(Text(client.InitialResponse()));
        var serverFinal = server.ServerFinal(Text(client.Challenge(Bytes(serverFirst))));

        Assert.IsNotNull(serverFinal, "The server accepted the client's proof.");
        client.VerifySuccess(Bytes(serverFinal));
    }

    [TestMethod]
    public void Exchange_ServerWithAnotherPassword_ServerRejectsProof()
    {
        var client = new ScramMechanism(ScramMechanism.Sha1, "user", "pencil");
        var server = new ScramServer("SHA-1", "user", "crayon");

        var serverFirst = server.ServerFirst(Text(client.InitialResponse()));

        Assert.IsNull(server.ServerFinal(Text(client.Challenge(Bytes(serverFirst)))));
    }

    [TestMethod]
    public void ScramServer_Rfc5802Example_ProducesRfcServerMessages()
    {
        // Checks the test double itself against the RFC, so transcript tests built on it mean something.
        var server = new ScramServer("SHA-1", "user", "pencil");

        Assert.AreEqual(Sha1ServerFirst, server.ServerFirst(Sha1ClientFirst));
        Assert.AreEqual(Sha1ServerFinal, server.ServerFinal(Sha1ClientFinal));
    }

    [TestMethod]
    public void Constructor_UnknownHash_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new ScramMechanism("MD5", "user", "pencil"));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
