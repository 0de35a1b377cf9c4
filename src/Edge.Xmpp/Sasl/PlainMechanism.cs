using System.Text;

namespace Edge.Xmpp.Sasl;

/// <summary>RFC 4616 PLAIN. Only ever selected over TLS.</summary>
public sealed class PlainMechanism(string user, string password) : SaslMechanism
{
    public override string Name => "PLAIN";

    public override byte[] InitialResponse() => Encoding.UTF8.GetBytes("\0" + user + "\0" + password);

    public override byte[] Challenge(ReadOnlySpan<byte> challenge) =>
        throw new XmppProtocolException("PLAIN does not expect a challenge.");

    public override void VerifySuccess(ReadOnlySpan<byte> additionalData)
    {
    }
}
