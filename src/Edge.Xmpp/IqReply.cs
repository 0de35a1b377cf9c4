using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>What an IQ handler answers: a result payload (or empty result), or a stanza error.</summary>
public sealed class IqReply
{
    private IqReply(XElement? payload, StanzaError? error)
    {
        Payload = payload;
        Error = error;
    }

    public XElement? Payload { get; }

    public StanzaError? Error { get; }

    public static IqReply Result(XElement? payload = null) => new(payload, null);

    public static IqReply Fail(StanzaError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
