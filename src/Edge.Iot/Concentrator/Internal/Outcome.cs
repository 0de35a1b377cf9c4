using Edge.Things;

namespace Edge.Iot.Concentrator.Internal;

/// <summary>
/// What answering one request came to, before the access policy is asked: the nodes the request addresses or whose
/// information the answer would reveal (empty = the device as a whole), and either the response or a failure.
/// </summary>
internal readonly record struct Outcome(IReadOnlyList<ThingNode> Nodes, ConcentratorResponse? Response, Failure? Failure)
{
    public static Outcome Answer(ConcentratorResponse response, IReadOnlyList<ThingNode> nodes) => new(nodes, response, null);

    public static Outcome Fail(Failure failure, IReadOnlyList<ThingNode>? nodes = null) => new(nodes ?? [], null, failure);
}
