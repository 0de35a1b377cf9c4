using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Edge.Xmpp.Caps;

/// <summary>XEP-0115 entity capabilities: the verification string (§5.1) and the <c>&lt;c/&gt;</c> presence element.</summary>
public static class EntityCapabilities
{
    public static readonly XNamespace Namespace = "http://jabber.org/protocol/caps";

    internal static DiscoIdentity Identity(XmppClient client) => new("client", "bot", client.Options.SoftwareName);

    /// <summary>
    /// The XEP-0115 §5.1 verification string: identities sorted by category/type/lang, then features, then (not used
    /// here) extended forms, each followed by '&lt;', SHA-1, base64.
    /// </summary>
    public static string ComputeVersion(IEnumerable<DiscoIdentity> identities, IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(features);
        var s = new StringBuilder();
        foreach (var i in identities.OrderBy(i => i.Category, StringComparer.Ordinal).ThenBy(i => i.Type, StringComparer.Ordinal)
                     .ThenBy(i => i.Lang, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            s.Append(i.Category).Append('/').Append(i.Type).Append('/').Append(i.Lang).Append('/').Append(i.Name).Append('<');
        }

        foreach (var f in features.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            s.Append(f).Append('<');
        }

#pragma warning disable CA5350 // XEP-0115 defines the hash as SHA-1; it names a feature set, it protects nothing.
        return Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(s.ToString())));
#pragma warning restore CA5350
    }

    public static string NodeAndVersion(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.Options.CapsNode + "#" + Version(client);
    }

    public static string Version(XmppClient client) => ComputeVersion([Identity(client)], client.Features);

    /// <summary>The <c>&lt;c/&gt;</c> element for our presence.</summary>
    public static XElement Element(XmppClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new XElement(Namespace + "c", new XAttribute("hash", "sha-1"), new XAttribute("node", client.Options.CapsNode),
            new XAttribute("ver", Version(client)));
    }
}
