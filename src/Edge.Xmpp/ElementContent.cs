using System.Xml.Linq;

namespace Edge.Xmpp;

/// <summary>A payload built as a tree, for an API that takes an <see cref="IXmlContent"/>: written as <c>StanzaWriter</c> writes it.</summary>
public sealed class ElementContent(XElement element) : IXmlContent
{
    private readonly XElement _element = element ?? throw new ArgumentNullException(nameof(element));

    public XName Name => _element.Name;

    public void WriteTo(XmlStanzaWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Element(_element);
    }
}
