using System.Xml.Linq;

namespace Edge.Xmpp.Disco;

/// <summary>Finding a service on the account's domain (XEP-0030 §4: disco#items on the domain, disco#info of each item).</summary>
public static class DiscoSearch
{
    /// <summary>The first item of the account's domain (the domain itself last) that advertises <paramref name="feature"/>, or null.</summary>
    public static async Task<Jid?> FindOnDomainAsync(XmppClient client, string feature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var domain = Jid.Parse(client.Jid.Domain);
        var items = await client.SendIqAsync(client.CreateIq("get", domain, new XElement(DiscoNamespaces.Items + "query")), cancellationToken)
            .ConfigureAwait(false);
        var candidates = (items.Payload?.Elements(DiscoNamespaces.Items + "item") ?? [])
            .Select(i => (string?)i.Attribute("jid"))
            .Append(domain.ToString());
        foreach (var candidate in candidates)
        {
            if (Jid.TryParse(candidate, out var jid)
                && (await DiscoInfo.QueryAsync(client, jid, null, cancellationToken).ConfigureAwait(false)).Supports(feature))
            {
                return jid;
            }
        }

        return null;
    }
}
