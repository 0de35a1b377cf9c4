using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>
/// <c>isFriendResponse</c> (XEP-0324 §Friendships): whether <paramref name="Jid"/> (bare) may befriend the device, and
/// whether secondary trust is allowed (§Delegating Secondary Trust; schema default false).
/// </summary>
public sealed record FriendAnswer(Jid Jid, bool Result, bool SecondaryTrustAllowed = false);
