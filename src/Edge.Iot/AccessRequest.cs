using Edge.Iot.Provisioning;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot;

/// <summary>
/// What a requester asks for, in full, for <see cref="IAccessPolicy.DecideAsync"/>: the operation, the nodes it touches,
/// the readout kinds and field names (readouts) or the parameter names (control), and the XEP-0324 tokens it sent.
/// </summary>
public sealed record AccessRequest(Jid Requester, IotOperation Operation, IReadOnlyList<ThingNode> Nodes)
{
    /// <summary>Readout kinds asked for (<see cref="ReadoutTypes.None"/> = all).</summary>
    public ReadoutTypes Types { get; init; }

    /// <summary>Field names asked for (empty = all).</summary>
    public IReadOnlyList<string> FieldNames { get; init; } = [];

    /// <summary>Control parameter names to be set (empty = none named).</summary>
    public IReadOnlyList<string> ParameterNames { get; init; } = [];

    public AccessTokens Tokens { get; init; } = AccessTokens.None;
}
