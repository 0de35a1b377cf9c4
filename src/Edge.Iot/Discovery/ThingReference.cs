using Edge.Xmpp;

namespace Edge.Iot.Discovery;

/// <summary>A thing as an owner names it in <c>remove</c> and <c>disown</c> (the XSD's <c>Jid</c> type): its JID and node.</summary>
public sealed record ThingReference(Jid Thing, ThingNode Node);
