using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>The answer to an IQ we sent: a result, or the peer's stanza error (a protocol "no" is data).</summary>
public sealed class IqResponse
{
    public IqResponse(XElement stanza)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        Stanza = stanza;
        if ((string?)stanza.Attribute("type") == "error")
        {
            Error = StanzaError.FromStanza(stanza);
        }
    }

    /// <summary>The whole response stanza.</summary>
    public XElement Stanza { get; }

    /// <summary>The error, when the response is <c>type='error'</c>.</summary>
    public StanzaError? Error { get; }

    public bool IsError => Error is not null;

    /// <summary>The result payload (first child), or null for an empty result.</summary>
    public XElement? Payload => Stanza.Elements().FirstOrDefault(e => e.Name.LocalName != "error");

    /// <summary>Throws when the response is an error; for callers for whom a "no" is exceptional.</summary>
    public IqResponse EnsureSuccess(string what)
    {
        return Error is null ? this : throw new XmppStanzaErrorException(what, Error);
    }
}
