namespace Edge.Iot.Discovery;

/// <summary>
/// <c>register</c> (XEP-0347 §Registering Thing): a thing's tags, KEY included. A new registration replaces every tag
/// of the previous one; <see cref="SelfOwned"/> registers it at once as a public claimed thing (§Register self-owned Thing).
/// </summary>
public sealed record RegisterRequest(IReadOnlyList<MetaTag> Tags, ThingNode Node, bool SelfOwned = false);
