using Edge.Things;

namespace Edge.Iot;

/// <summary>
/// What reading one node produced: its fields (already filtered), or an error text for an XEP-0323 <c>failure</c>
/// (the fields read before the error, if any, are still reported).
/// </summary>
public sealed record NodeReadout(ThingReference Node, IReadOnlyList<Field> Fields, string? Error = null)
{
    public bool Failed => Error is not null;
}
