using System.Xml.Linq;
using Edge.Xmpp;

namespace Edge.Integration.Tests.Provisioning;

/// <summary>A test's look at rosters (RFC 6121): a contact's subscription, and removing a contact (both ways) so a test starts clean.</summary>
internal static class Roster
{
    private static readonly XNamespace Ns = "jabber:iq:roster";

    /// <summary>The subscription of <paramref name="contact"/> in <paramref name="client"/>'s roster (null: not in it).</summary>
    public static async Task<string?> SubscriptionAsync(XmppClient client, string contact, CancellationToken cancellationToken)
    {
        var answer = await client.SendIqAsync(client.CreateIq("get", null, new XElement(Ns + "query")), cancellationToken);
        return answer.Payload?.Elements(Ns + "item").Where(i => (string?)i.Attribute("jid") == contact)
            .Select(i => (string?)i.Attribute("subscription")).FirstOrDefault();
    }

    public static Task RemoveAsync(XmppClient client, string contact, CancellationToken cancellationToken) =>
        client.SendIqAsync(client.CreateIq("set", null, new XElement(Ns + "query",
            new XElement(Ns + "item", new XAttribute("jid", contact), new XAttribute("subscription", "remove")))), cancellationToken);

    public static Task PresenceAsync(XmppClient client, string to, string type, CancellationToken cancellationToken) =>
        client.SendAsync(new XElement(XmppNamespaces.Client + "presence", new XAttribute("to", to), new XAttribute("type", type)), cancellationToken);
}
