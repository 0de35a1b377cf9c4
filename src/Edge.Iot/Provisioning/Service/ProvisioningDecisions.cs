using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning.Service;

/// <summary>
/// The service's answers from an owner's rules, pure and synchronous (XEP-0324 §Friendships, §Device Read-out,
/// §Device Control). The owner is always allowed everything. Anyone else gets the union of the rules that match them:
/// a matching rule with no node list allows every node (likewise names); otherwise the answer lists the allowed subset
/// of what was asked (or, when nothing specific was asked, the rule's own lists), and when that subset is empty the
/// answer is <c>result='false'</c> — the spec's Note 2: "If no nodes in the request are allowed …, the provisioning
/// server must respond with a result='false'". An unclaimed thing has no owner to grant anything: everything false.
/// </summary>
public static class ProvisioningDecisions
{
    public static FriendAnswer IsFriend(Jid thing, Jid? owner, IReadOnlyList<ProvisioningRule> rules, Jid requester)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(requester);
        var allowed = owner is not null && (owner.Equals(requester.Bare) || rules.Any(r => r.Matches(requester, thing)));
        return new FriendAnswer(requester.Bare, allowed);
    }

    public static ReadPermission CanRead(Jid thing, Jid? owner, IReadOnlyList<ProvisioningRule> rules, ReadPermissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (owner is null)
        {
            return ReadPermission.Refused(request.Requester, request.Types);
        }

        if (owner.Equals(request.Requester.Bare))
        {
            return new ReadPermission(request.Requester, true, request.Types, [], []);
        }

        var matching = Matching(rules, RuleKind.Read, request.Requester, thing);
        if (matching.Count == 0 || !TryNarrow(matching, request.Nodes, request.FieldNames, out var nodes, out var names))
        {
            return ReadPermission.Refused(request.Requester, request.Types);
        }

        return new ReadPermission(request.Requester, true, request.Types, nodes, names);
    }

    public static ControlPermission CanControl(Jid thing, Jid? owner, IReadOnlyList<ProvisioningRule> rules, ControlPermissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (owner is null)
        {
            return ControlPermission.Refused(request.Requester);
        }

        if (owner.Equals(request.Requester.Bare))
        {
            return new ControlPermission(request.Requester, true, [], []);
        }

        var matching = Matching(rules, RuleKind.Control, request.Requester, thing);
        if (matching.Count == 0 || !TryNarrow(matching, request.Nodes, request.ParameterNames, out var nodes, out var names))
        {
            return ControlPermission.Refused(request.Requester);
        }

        return new ControlPermission(request.Requester, true, nodes, names);
    }

    private static List<ProvisioningRule> Matching(IReadOnlyList<ProvisioningRule> rules, RuleKind kind, Jid requester, Jid thing) =>
        [.. (rules ?? throw new ArgumentNullException(nameof(rules))).Where(r => r.Kind == kind && r.Matches(requester, thing))];

    /// <summary>The allowed nodes and names (empty = all of what was asked); false when nothing asked is allowed.</summary>
    private static bool TryNarrow(List<ProvisioningRule> matching, IReadOnlyList<ThingReference> askedNodes, IReadOnlyList<string> askedNames,
        out IReadOnlyList<ThingReference> nodes, out IReadOnlyList<string> names)
    {
        nodes = [];
        names = [];
        if (!matching.Any(r => r.Nodes.Count == 0))
        {
            var allowed = matching.SelectMany(r => r.Nodes).ToHashSet(StringComparer.Ordinal);
            nodes = askedNodes.Count > 0
                ? [.. askedNodes.Where(n => allowed.Contains(n.NodeId))]
                : [.. allowed.Order(StringComparer.Ordinal).Select(id => new ThingReference(id))];
            if (nodes.Count == 0)
            {
                return false;
            }
        }

        if (!matching.Any(r => r.Names.Count == 0))
        {
            var allowed = matching.SelectMany(r => r.Names).ToHashSet(StringComparer.Ordinal);
            names = askedNames.Count > 0
                ? [.. askedNames.Where(allowed.Contains)]
                : [.. allowed.Order(StringComparer.Ordinal)];
            if (names.Count == 0)
            {
                return false;
            }
        }

        return true;
    }
}
