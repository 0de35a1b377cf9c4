using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>
/// What a protocol module needs from a connection, whether it is a client session (<see cref="XmppClient"/>) or an
/// external component (<see cref="Component.XmppComponent"/>): register IQ handlers with their disco features, receive
/// messages and presence, send stanzas and IQs. Stanzas handed to and from a module are always in <c>jabber:client</c>.
/// </summary>
public interface IXmppEndpoint
{
    /// <summary>The address this endpoint speaks for: a client's bare account JID, a component's domain.</summary>
    Jid Jid { get; }

    /// <summary>The disco#info features advertised, registered by each module.</summary>
    IReadOnlyCollection<string> Features { get; }

    /// <summary>Advertises a disco#info feature.</summary>
    void AddFeature(string feature);

    /// <summary>Handles inbound IQ get/set whose payload has this name, and advertises <paramref name="feature"/>.</summary>
    void RegisterIqHandler(XName payload, IqHandler handler, string? feature = null);

    /// <summary>Receives every inbound message stanza.</summary>
    void OnMessage(Func<XElement, CancellationToken, ValueTask> handler);

    /// <summary>Receives every inbound presence stanza.</summary>
    void OnPresence(Func<XElement, CancellationToken, ValueTask> handler);

    /// <summary>Sends a message or presence stanza (or an IQ whose answer is not wanted).</summary>
    Task SendAsync(XElement stanza, CancellationToken cancellationToken);

    /// <summary>Sends an IQ get/set and waits for its answer; a peer error is data, no answer in time throws.</summary>
    Task<IqResponse> SendIqAsync(XElement iq, CancellationToken cancellationToken, TimeSpan? timeout = null);

    /// <summary>Builds an IQ stanza with a fresh id.</summary>
    XElement CreateIq(string type, Jid? recipient, XElement? payload);
}
