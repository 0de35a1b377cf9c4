using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>
/// <c>canRead</c> (XEP-0324 §Device Read-out): may <paramref name="Requester"/> (bare JID) read these kinds of values
/// (<see cref="ReadoutTypes.None"/> = every kind) of these nodes (empty = the device / all) and fields (empty = all)?
/// The requester's tokens travel with the question.
/// </summary>
public sealed record ReadPermissionRequest(Jid Requester, ReadoutTypes Types, IReadOnlyList<ThingReference> Nodes,
    IReadOnlyList<string> FieldNames, AccessTokens Tokens);
