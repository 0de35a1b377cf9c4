using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>
/// <c>&lt;setup/&gt;</c> (XEP-0322 §2.2.2): the options and schemas proposed, or, for the quick form of §2.2.6, only
/// a <see cref="ConfigurationId"/> (which "MUST NOT be used together with other option attributes or schema
/// definitions").
/// </summary>
public sealed record ExiSetup
{
    /// <summary>The most schema elements read from a peer (a bound on untrusted input).</summary>
    public const int MaxSchemas = 256;

    public ExiParameters Parameters { get; init; } = new();

    public IReadOnlyList<ExiSchemaId> Schemas { get; init; } = [];

    /// <summary>The quick-setup form: a configuration agreed on an earlier connection (§2.2.6).</summary>
    public string? ConfigurationId { get; init; }

    /// <summary>A server-specific static configuration (§3.11); Edge never sends it.</summary>
    public string? ConfigurationLocation { get; init; }

    /// <summary>The quick-setup request for <paramref name="configurationId"/>: nothing but the id.</summary>
    public static ExiSetup Quick(string configurationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(configurationId);
        return new ExiSetup { ConfigurationId = configurationId };
    }

    public bool IsQuick => ConfigurationId is not null;

    public XElement ToXml()
    {
        var element = new XElement(ExiNamespaces.Exi + "setup");
        if (IsQuick)
        {
            element.SetAttributeValue("configurationId", ConfigurationId);
            return element;
        }

        Parameters.WriteTo(element);
        element.SetAttributeValue("configurationLocation", ConfigurationLocation);
        foreach (var schema in Schemas)
        {
            element.Add(schema.ToXml());
        }

        return element;
    }

    /// <summary>Reads a <c>setup</c> element; throws <see cref="XmppProtocolException"/> naming what is wrong.</summary>
    public static ExiSetup Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        ExiXml.Expect(element, "setup");
        var (schemas, _) = ExiXml.ReadSchemas(element, allowMissing: false);
        return new ExiSetup
        {
            Parameters = ExiParameters.Parse(element),
            Schemas = schemas,
            ConfigurationId = ExiXml.BoundedAttribute(element, "configurationId"),
            ConfigurationLocation = ExiXml.BoundedAttribute(element, "configurationLocation"),
        };
    }
}
