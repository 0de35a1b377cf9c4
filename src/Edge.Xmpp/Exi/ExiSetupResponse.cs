using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>
/// <c>&lt;setupResponse/&gt;</c> (XEP-0322 §2.2.2-§2.2.7): the options the server can accept (lowered, never raised),
/// the schemas it has and the ones it lacks (<c>missingSchema</c>), whether it agrees (absent = false, §2.2.7) and,
/// when it does, the configuration id for a quick setup on a later connection.
/// </summary>
public sealed record ExiSetupResponse
{
    public ExiParameters Parameters { get; init; } = new();

    public IReadOnlyList<ExiSchemaId> Schemas { get; init; } = [];

    public IReadOnlyList<ExiSchemaId> MissingSchemas { get; init; } = [];

    public bool Agreement { get; init; }

    public string? ConfigurationId { get; init; }

    public string? ConfigurationLocation { get; init; }

    public XElement ToXml()
    {
        var element = new XElement(ExiNamespaces.Exi + "setupResponse");
        Parameters.WriteTo(element);
        if (Agreement)
        {
            element.SetAttributeValue("agreement", "true");
        }

        element.SetAttributeValue("configurationId", ConfigurationId);
        element.SetAttributeValue("configurationLocation", ConfigurationLocation);
        foreach (var schema in Schemas)
        {
            element.Add(schema.ToXml());
        }

        foreach (var schema in MissingSchemas)
        {
            element.Add(schema.ToXml("missingSchema"));
        }

        return element;
    }

    /// <summary>Reads a <c>setupResponse</c> element; throws <see cref="XmppProtocolException"/> naming what is wrong.</summary>
    public static ExiSetupResponse Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        ExiXml.Expect(element, "setupResponse");
        var (schemas, missing) = ExiXml.ReadSchemas(element, allowMissing: true);
        var agreement = (string?)element.Attribute("agreement") switch
        {
            null or "false" or "0" => false,
            "true" or "1" => true,
            var other => throw new XmppProtocolException("bad-format", $"agreement='{ExiSchemaId.Truncate(other)}' is not a boolean."),
        };
        return new ExiSetupResponse
        {
            Parameters = ExiParameters.Parse(element),
            Schemas = schemas,
            MissingSchemas = missing,
            Agreement = agreement,
            ConfigurationId = ExiXml.BoundedAttribute(element, "configurationId"),
            ConfigurationLocation = ExiXml.BoundedAttribute(element, "configurationLocation"),
        };
    }
}
