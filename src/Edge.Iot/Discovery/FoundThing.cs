using Edge.Xmpp;

namespace Edge.Iot.Discovery;

/// <summary>One <c>thing</c> of a search result: owner, JID, node and its tags (never KEY).</summary>
public sealed record FoundThing(Jid Owner, Jid Thing, ThingNode Node, IReadOnlyList<MetaTag> Tags);
