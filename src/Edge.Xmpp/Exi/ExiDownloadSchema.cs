using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary><c>&lt;downloadSchema url/&gt;</c> (XEP-0322 §2.2.5): asks the server to fetch a schema itself.</summary>
public sealed record ExiDownloadSchema(string Url)
{
    public XElement ToXml() => new(ExiNamespaces.Exi + "downloadSchema", new XAttribute("url", Url));

    public static ExiDownloadSchema Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        ExiXml.Expect(element, "downloadSchema");
        return new ExiDownloadSchema(ExiXml.BoundedAttribute(element, "url")
            ?? throw new XmppProtocolException("bad-format", "<downloadSchema/> needs a url."));
    }
}
