using System.Buffers;
using System.Xml.Linq;
using Edge.Xmpp.Internal;

namespace Edge.Xmpp;

/// <summary>
/// One first-level element on its way out, as the connection's writer queue and XEP-0198's resend list hold it: an
/// <see cref="XElement"/> (everything but the hot path), or a stanza that writes itself (<see cref="OutgoingIq"/>).
/// Both are written by the same core; an EXI stream, or a trace log, sees the element form (<see cref="ToElement"/>).
/// </summary>
public abstract class OutgoingStanza
{
    private protected OutgoingStanza()
    {
    }

    /// <summary>Gets the element's local name (<c>iq</c>, <c>message</c>, <c>presence</c>, or a nonza's).</summary>
    public abstract string LocalName { get; }

    /// <summary>Gets a value indicating whether it is a stanza of the client namespace (counted by XEP-0198), not a nonza.</summary>
    public abstract bool IsStanza { get; }

    /// <summary>The element form: what an EXI codec encodes and what trace logs show.</summary>
    public virtual XElement ToElement()
    {
        // The bytes the XML stream would carry, read back in the stream's default namespace.
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteTo(new XmlStanzaWriter(buffer));
        return XmlMarkup.ParseClientStanza(buffer.WrittenSpan);
    }

    /// <summary>Writes it through <paramref name="writer"/>.</summary>
    internal abstract void WriteTo(XmlStanzaWriter writer);

    /// <summary>The queue's form of an element built as a tree.</summary>
    internal static OutgoingStanza From(XElement element) => new ElementStanza(element);

    private sealed class ElementStanza(XElement element) : OutgoingStanza
    {
        public override string LocalName => element.Name.LocalName;

        public override bool IsStanza =>
            element.Name.Namespace == XmppNamespaces.Client && element.Name.LocalName is "iq" or "message" or "presence";

        public override XElement ToElement() => element;

        internal override void WriteTo(XmlStanzaWriter writer) => writer.Element(element);
    }
}
