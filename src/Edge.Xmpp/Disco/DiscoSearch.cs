using System.Xml.Linq;

namespace Edge.Xmpp.Disco;

/// <summary>
/// Finding a service on the account's domain (XEP-0030 §4: disco#info of the domain, then disco#items on the domain and
/// disco#info of each item): the thing registry (XEP-0347 §3.1, <c>urn:xmpp:iot:discovery</c>) and the provisioning
/// service (XEP-0324 §3.1, <c>urn:xmpp:iot:provisioning</c>), for the device and for the owner's command line.
/// </summary>
public static class DiscoSearch
{
    /// <summary>The account's domain when it advertises <paramref name="feature"/> itself, else the first of its items that does, else null.</summary>
    public static async Task<Jid?> FindOnDomainAsync(XmppClient client, string feature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var domain = Jid.Parse(client.Jid.Domain);
        var items = await client.SendIqAsync(client.CreateIq("get", domain, new XElement(DiscoNamespaces.Items + "query")), cancellationToken)
            .ConfigureAwait(false);
        var candidates = (items.Payload?.Elements(DiscoNamespaces.Items + "item") ?? [])
            .Select(i => (string?)i.Attribute("jid"))
            .Prepend(domain.ToString()); // the server itself may be the service
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
