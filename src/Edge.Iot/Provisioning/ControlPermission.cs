using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>
/// <c>canControlResponse</c> (XEP-0324 §Restricting nodes/parameters during control): refused, or allowed; a non-empty
/// list is the subset the device may act on, an empty one allows everything that was asked.
/// </summary>
public sealed record ControlPermission(Jid Requester, bool Result, IReadOnlyList<ThingReference> Nodes, IReadOnlyList<string> ParameterNames)
{
    public static ControlPermission Refused(Jid requester) => new(requester, false, [], []);
}
