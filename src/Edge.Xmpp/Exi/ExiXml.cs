using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>Shared reading rules of the XEP-0322 negotiation elements: names, bounded attributes, schema lists.</summary>
internal static class ExiXml
{
    /// <summary>The longest id, location or message attribute read from a peer.</summary>
    public const int MaxAttributeLength = 1024;

    public static void Expect(XElement element, string localName)
    {
        if (element.Name != ExiNamespaces.Exi + localName)
        {
            throw new XmppProtocolException("bad-format", $"Expected <{localName} xmlns='{ExiNamespaces.Exi.NamespaceName}'/>, got <{element.Name.LocalName} xmlns='{element.Name.NamespaceName}'/>.");
        }
    }

    public static string? BoundedAttribute(XElement element, string name)
    {
        var value = (string?)element.Attribute(name);
        return value is null || value.Length <= MaxAttributeLength
            ? value
            : throw new XmppProtocolException("policy-violation", $"<{element.Name.LocalName}/> {name} is longer than {MaxAttributeLength} characters.");
    }

    public static (IReadOnlyList<ExiSchemaId> Schemas, IReadOnlyList<ExiSchemaId> Missing) ReadSchemas(XElement element, bool allowMissing)
    {
        var schemas = new List<ExiSchemaId>();
        var missing = new List<ExiSchemaId>();
        foreach (var child in element.Elements())
        {
            if (schemas.Count + missing.Count >= ExiSetup.MaxSchemas)
            {
                throw new XmppProtocolException("policy-violation", $"<{element.Name.LocalName}/> lists more than {ExiSetup.MaxSchemas} schemas.");
            }

            if (child.Name == ExiNamespaces.Exi + "schema")
            {
                schemas.Add(ExiSchemaId.Parse(child));
            }
            else if (allowMissing && child.Name == ExiNamespaces.Exi + "missingSchema")
            {
                missing.Add(ExiSchemaId.Parse(child));
            }

            // datatypeRepresentationMap (and anything unknown) is ignored: Edge never proposes one, and the
            // parameters it answers with are what count.
        }

        return (schemas, missing);
    }
}
