using System.Xml.Linq;
using Edge.Xmpp.Caps;

namespace Edge.Xmpp.Disco;

/// <summary>
/// What an entity told about itself over XEP-0030 disco#info: its identities and features. A "no" (the entity does
/// not answer disco) is data: <see cref="Error"/> set, no features.
/// </summary>
public sealed record DiscoInfo(IReadOnlyList<DiscoIdentity> Identities, IReadOnlySet<string> Features, StanzaError? Error = null)
{
    /// <summary>Whether the entity advertises <paramref name="feature"/>.</summary>
    public bool Supports(string feature) => Features.Contains(feature);

    /// <summary>Asks <paramref name="to"/> (null = our own account, e.g. for PEP) for its disco#info.</summary>
    public static async Task<DiscoInfo> QueryAsync(XmppClient client, Jid? to, string? node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var query = new XElement(DiscoNamespaces.Info + "query");
        if (node is not null)
        {
            query.SetAttributeValue("node", node);
        }

        var response = await client.SendIqAsync(client.CreateIq("get", to ?? client.Jid.Bare, query), cancellationToken)
            .ConfigureAwait(false);
        if (response.Error is not null)
        {
            return new DiscoInfo([], new HashSet<string>(StringComparer.Ordinal), response.Error);
        }

        return Parse(response.Payload ?? query);
    }

    /// <summary>Reads a disco#info <c>query</c> element; entries without their key attribute are skipped.</summary>
    public static DiscoInfo Parse(XElement query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var identities = query.Elements(DiscoNamespaces.Info + "identity")
            .Where(i => i.Attribute("category") is not null && i.Attribute("type") is not null)
            .Select(i => new DiscoIdentity((string)i.Attribute("category")!, (string)i.Attribute("type")!,
                (string?)i.Attribute("name") ?? string.Empty))
            .ToArray();
        var features = query.Elements(DiscoNamespaces.Info + "feature")
            .Select(f => (string?)f.Attribute("var"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return new DiscoInfo(identities, features);
    }
}
