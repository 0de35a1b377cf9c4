using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>
/// <c>canControl</c> (XEP-0324 §Device Control): may <paramref name="Requester"/> (bare JID) set these parameters
/// (empty = any) on these nodes (empty = the device)? The requester's tokens travel with the question.
/// </summary>
public sealed record ControlPermissionRequest(Jid Requester, IReadOnlyList<ThingReference> Nodes, IReadOnlyList<string> ParameterNames,
    AccessTokens Tokens);
