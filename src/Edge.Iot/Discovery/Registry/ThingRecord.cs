using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Edge.Xmpp;

namespace Edge.Iot.Discovery.Registry;

/// <summary>
/// What the registry knows of one thing: its bare JID and node (the key: one record per resource-less JID and node,
/// XEP-0347 §Registering Thing), the full JID it last spoke from (where pushes go), its tags, and its owner once claimed.
/// </summary>
public sealed record ThingRecord(Jid Thing, ThingNode Node, Jid Address, IReadOnlyList<MetaTag> Tags, Jid? Owner, bool IsPublic,
    bool SelfOwned, DateTimeOffset Updated)
{
    public bool IsClaimed => Owner is not null;

    /// <summary>Whether search may return it: claimed (or self-owned) and public (§Search for Public Things).</summary>
    public bool IsSearchable => IsClaimed && IsPublic;

    /// <summary>The claim fingerprint of <see cref="Tags"/> (see <see cref="Fingerprint"/>).</summary>
    public string TagFingerprint => Fingerprint(Tags);

    /// <summary>
    /// A claim must present exactly the registered tags, in any order (§Claiming Ownership). The fingerprint is the
    /// SHA-256 of the tags sorted by name, each as name, type and value: equal sets, equal fingerprints — so a store
    /// finds the candidates of a claim by one indexed column instead of comparing every thing's tags.
    /// </summary>
    public static string Fingerprint(IEnumerable<MetaTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var text = new StringBuilder();
        foreach (var tag in tags.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.Append(tag.Name).Append('\0').Append(tag.IsNumeric ? 'n' : 's').Append('\0')
                .Append(tag.IsNumeric ? tag.NumericValue!.Value.ToString("R", CultureInfo.InvariantCulture) : tag.StringValue).Append('\u0001');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>For logs: never the KEY.</summary>
    public override string ToString() =>
        $"{Thing}{(Node.IsNone ? string.Empty : " " + Node)} ({(IsClaimed ? "owner " + Owner + (IsPublic ? ", public" : ", private") : "unclaimed")}, {Tags.Count} tags)";
}
