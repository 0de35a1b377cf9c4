using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>
/// A payload that writes itself into the connection's buffer (<see cref="XmlStanzaWriter"/>) instead of being built as
/// an <see cref="XElement"/> tree first: the hot paths' form (a published reading). It writes exactly one element, the
/// one named <see cref="Name"/>; the same bytes as its <see cref="XElement"/> form would give.
/// </summary>
public interface IXmlContent
{
    /// <summary>The name of the element it writes (for logs and IQ timeouts).</summary>
    XName Name { get; }

    /// <summary>Writes the element.</summary>
    void WriteTo(XmlStanzaWriter writer);
}
