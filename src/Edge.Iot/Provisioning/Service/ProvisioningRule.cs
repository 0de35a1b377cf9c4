using System.Diagnostics.CodeAnalysis;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning.Service;

/// <summary>
/// One grant by an owner: <see cref="Requester"/> (<c>*</c>, a domain or a bare JID) may befriend, read or control
/// <see cref="Thing"/> (a bare JID the owner has claimed; null = every thing of the owner), limited to
/// <see cref="Nodes"/> (node ids; empty = all) and <see cref="Names"/> (field names for <see cref="RuleKind.Read"/>,
/// parameter names for <see cref="RuleKind.Control"/>; empty = all). Rules only add: the owner is always allowed,
/// everyone else gets the union of the rules that match them.
/// </summary>
public sealed record ProvisioningRule(long Id, Jid Owner, Jid? Thing, string Requester, RuleKind Kind, IReadOnlyList<string> Nodes,
    IReadOnlyList<string> Names)
{
    /// <summary>The most nodes or names in one rule.</summary>
    public const int MaxItems = 100;

    /// <summary>Whether the rule speaks of <paramref name="requester"/> (any resource) and <paramref name="thing"/>.</summary>
    public bool Matches(Jid requester, Jid thing)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(thing);
        if (Thing is not null && !Thing.Equals(thing.Bare))
        {
            return false;
        }

        if (Requester == "*")
        {
            return true;
        }

        var who = Jid.Parse(Requester);
        return who.Local is null ? string.Equals(who.Domain, requester.Domain, StringComparison.Ordinal) : who.Equals(requester.Bare);
    }

    /// <summary>Checks a rule an owner submitted; the reason names the bad part.</summary>
    public static bool TryValidate(string requester, RuleKind kind, IReadOnlyList<string> nodes, IReadOnlyList<string> names,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(names);
        error = null;
        if (requester != "*" && (!Jid.TryParse(requester, out var jid, out var problem) || jid.Resource is not null))
        {
            error = $"The requester '{requester}' is not '*', a domain or a bare JID.";
        }
        else if (nodes.Count > MaxItems || names.Count > MaxItems)
        {
            error = $"A rule lists at most {MaxItems} nodes and {MaxItems} names.";
        }
        else if (nodes.Concat(names).Any(n => string.IsNullOrWhiteSpace(n) || n.Length > ProvisioningCodec.MaxNameLength))
        {
            error = "Node and field/parameter names must be non-blank and at most " + ProvisioningCodec.MaxNameLength + " characters.";
        }
        else if (kind == RuleKind.Friend && (nodes.Count > 0 || names.Count > 0))
        {
            error = "A friend rule lists no nodes or names.";
        }

        return error is null;
    }

    public override string ToString() =>
        $"#{Id} {Kind.ToString().ToLowerInvariant()} {Requester} on {Thing?.ToString() ?? "all things"}"
        + (Nodes.Count > 0 ? " nodes " + string.Join(',', Nodes) : string.Empty)
        + (Names.Count > 0 ? (Kind == RuleKind.Read ? " fields " : " parameters ") + string.Join(',', Names) : string.Empty);
}
