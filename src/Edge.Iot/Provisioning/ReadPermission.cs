using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>
/// <c>canReadResponse</c> (XEP-0324 §Restricting nodes/fields during read-out): refused, or allowed; when allowed, a
/// non-empty <see cref="Nodes"/> / <see cref="FieldNames"/> list is the subset the device may send, an empty one
/// allows everything that was asked (the spec's Note 2).
/// </summary>
public sealed record ReadPermission(Jid Requester, bool Result, ReadoutTypes Types, IReadOnlyList<ThingReference> Nodes,
    IReadOnlyList<string> FieldNames)
{
    public static ReadPermission Refused(Jid requester, ReadoutTypes types = ReadoutTypes.None) => new(requester, false, types, [], []);
}
