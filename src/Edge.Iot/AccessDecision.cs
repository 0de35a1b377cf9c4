using Edge.Things;

namespace Edge.Iot;

/// <summary>
/// A policy's answer: refused, allowed, or allowed for a subset (XEP-0324 §Restricting …): only these node ids, field
/// names, parameter names. A null list allows all of that kind; the handlers drop what is not in a non-null list.
/// </summary>
public sealed record AccessDecision(bool Allowed)
{
    public static AccessDecision Allow { get; } = new(true);

    public static AccessDecision Deny { get; } = new(false);

    /// <summary>The node ids that may be touched; null = every node asked.</summary>
    public IReadOnlySet<string>? NodeIds { get; init; }

    /// <summary>The field names that may be sent; null = every field.</summary>
    public IReadOnlySet<string>? FieldNames { get; init; }

    /// <summary>The parameters that may be set; null = every parameter.</summary>
    public IReadOnlySet<string>? ParameterNames { get; init; }

    /// <summary>Whether anything is restricted.</summary>
    public bool IsRestricted => NodeIds is not null || FieldNames is not null || ParameterNames is not null;

    /// <summary>The nodes of <paramref name="nodes"/> this decision lets through.</summary>
    public IReadOnlyList<ThingNode> Filter(IReadOnlyList<ThingNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return NodeIds is null ? nodes : [.. nodes.Where(n => NodeIds.Contains(n.Reference.NodeId))];
    }
}
