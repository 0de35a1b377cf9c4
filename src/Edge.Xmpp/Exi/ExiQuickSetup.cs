using System.Xml.Linq;

namespace Edge.Xmpp.Exi;

/// <summary>
/// What a client keeps for a quick setup on a later connection (XEP-0322 §2.2.6): the configuration id the server
/// gave with its agreement, and the options and schemas agreed with it (the client codes its stream with them when
/// the server accepts the id). Its stored form is the agreeing <c>setupResponse</c> itself.
/// </summary>
public sealed record ExiQuickSetup(string ConfigurationId, ExiParameters Parameters, IReadOnlyList<ExiSchemaId> Schemas)
{
    /// <summary>The stored form: <c>&lt;setupResponse agreement='true' configurationId='…'&gt;</c> with the options and schemas.</summary>
    public XElement ToXml() =>
        new ExiSetupResponse { Agreement = true, ConfigurationId = ConfigurationId, Parameters = Parameters, Schemas = Schemas }.ToXml();

    /// <summary>Reads the stored form; throws <see cref="XmppProtocolException"/> naming what is wrong.</summary>
    public static ExiQuickSetup Parse(XElement element)
    {
        var response = ExiSetupResponse.Parse(element);
        return response is { Agreement: true, ConfigurationId: { Length: > 0 } id, MissingSchemas.Count: 0 }
            ? new ExiQuickSetup(id, response.Parameters, response.Schemas)
            : throw new XmppProtocolException("bad-format", "A stored EXI quick setup is an agreeing setupResponse with a configurationId and no missingSchema.");
    }
}
