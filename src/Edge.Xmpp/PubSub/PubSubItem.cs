using System.Xml.Linq;

namespace Edge.Xmpp.PubSub;

/// <summary>An item received in a pubsub event notification or an items query.</summary>
public sealed record PubSubItem(Jid? Service, string Node, string? Id, XElement? Payload, DateTimeOffset? Delayed = null);
