using Edge.Xmpp;

namespace Edge.Iot.Discovery;

/// <summary>
/// <c>update</c> (XEP-0347 §Update Meta Information, §Owner updating): merges tags — only those given change, a string
/// tag with an empty value is removed. <see cref="Thing"/> set: an owner updates its thing; null: the sender itself.
/// </summary>
public sealed record UpdateRequest(IReadOnlyList<MetaTag> Tags, ThingNode Node, Jid? Thing = null);
