using System.Xml.Linq;
using Edge.Iot.Discovery;
using Edge.Xmpp;
using Edge.Xmpp.Disco;

namespace Edge.Agent.Provisioning;

/// <summary>XEP-0347 §Finding Thing Registry on the account's server: the device's and the owner's command line's way.</summary>
public static class RegistryFinder
{
    /// <summary>disco#items on the account's domain, then disco#info of the domain and each item for <c>urn:xmpp:iot:discovery</c>; null when none offers it.</summary>
    public static async Task<Jid?> FindAsync(XmppClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var domain = Jid.Parse(client.Jid.Domain);
        var items = await client.SendIqAsync(client.CreateIq("get", domain, new XElement(DiscoNamespaces.Items + "query")), cancellationToken)
            .ConfigureAwait(false);
        var candidates = (items.Payload?.Elements(DiscoNamespaces.Items + "item") ?? [])
            .Select(i => (string?)i.Attribute("jid"))
            .Prepend(domain.ToString()); // the server itself may be the registry
        foreach (var candidate in candidates)
        {
            if (!Jid.TryParse(candidate, out var jid))
            {
                continue;
            }

            var info = await DiscoInfo.QueryAsync(client, jid, null, cancellationToken).ConfigureAwait(false);
            if (info.Supports(DiscoveryNamespaces.Feature))
            {
                return jid;
            }
        }

        return null;
    }
}
