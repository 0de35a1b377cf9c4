using Edge.Xmpp;

namespace Edge.Iot.Discovery;

/// <summary>
/// <c>claimed</c> (XEP-0347 §Claiming Ownership): to the owner (result of <c>mine</c>) <see cref="Jid"/> is the thing;
/// to the thing (the registry's push, or the result of a <c>register</c> when already claimed) it is the owner.
/// <see cref="Public"/> is always written: the XSD defaults it to false while the text reads an absent one as public.
/// </summary>
public sealed record ClaimedInfo(Jid Jid, ThingNode Node, bool Public);
