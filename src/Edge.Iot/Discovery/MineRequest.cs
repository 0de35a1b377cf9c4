namespace Edge.Iot.Discovery;

/// <summary>
/// <c>mine</c> (XEP-0347 §Claiming Ownership of a Thing): an owner presents exactly the tags the thing registered (the
/// order does not matter). <see cref="Public"/> (default true) decides whether the thing is searchable afterwards.
/// </summary>
public sealed record MineRequest(IReadOnlyList<MetaTag> Tags, ThingNode Node, bool Public = true);
