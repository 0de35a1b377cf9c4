using Edge.Iot.Concentrator.Internal;
using Edge.Things;

namespace Edge.Iot.Concentrator;

public sealed partial class ConcentratorServer
{
    /// <summary>Computes the answer to one browsing request over one snapshot of the tree (no side effects: the
    /// access policy is asked afterwards, about <see cref="Outcome.Nodes"/>).</summary>
    private Outcome Answer(ConcentratorRequest request, NodeIndex index)
    {
        string op = request.Operation;
        switch (op)
        {
            case ConcentratorOperations.GetCapabilities:
                return Outcome.Answer(ConcentratorResponse.Capabilities(ConcentratorOperations.Implemented), []);

            case ConcentratorOperations.GetAllDataSources or ConcentratorOperations.GetRootDataSources:
                return Outcome.Answer(ConcentratorResponse.ForDataSources(op,
                    [.. index.Sources.Select(s => new DataSourceInfo(s, s, hasChildren: false))]), []);

            case ConcentratorOperations.GetChildDataSources:
                return request.SourceId is not { } source ? Outcome.Fail(Failure.BadRequest($"{op} needs a sourceId."))
                    : !index.HasSource(source) ? Outcome.Fail(UnknownSource(source))
                    : Outcome.Answer(ConcentratorResponse.ForDataSources(op, []), []);

            case ConcentratorOperations.ContainsNode:
                return request.Node is null ? NeedsNode(op)
                    : index.TryResolve(request.Node, out ThingNode? contained)
                        ? Outcome.Answer(ConcentratorResponse.Contains(true), [contained])
                        : Outcome.Answer(ConcentratorResponse.Contains(false), []);

            case ConcentratorOperations.ContainsNodes:
            {
                var found = new List<ThingNode>();
                var answers = new List<bool>();
                foreach (ThingReference reference in request.Nodes)
                {
                    bool exists = index.TryResolve(reference, out ThingNode? node);
                    answers.Add(exists);
                    if (exists)
                    {
                        found.Add(node!);
                    }
                }

                return Outcome.Answer(ConcentratorResponse.ContainsEach(answers), found);
            }

            case ConcentratorOperations.GetNode:
                return request.Node is null ? NeedsNode(op)
                    : index.TryResolve(request.Node, out ThingNode? one)
                        ? Outcome.Answer(ConcentratorResponse.ForNode(Describe(one, index, request)), [one])
                        : Outcome.Fail(UnknownNode(request.Node, index));

            case ConcentratorOperations.GetNodes:
            {
                var found = new List<ThingNode>();
                foreach (ThingReference reference in request.Nodes)
                {
                    if (!index.TryResolve(reference, out ThingNode? node))
                    {
                        return Outcome.Fail(UnknownNode(reference, index), found);
                    }

                    found.Add(node);
                }

                return Nodes(op, found, index, request);
            }

            case ConcentratorOperations.GetAllNodes or ConcentratorOperations.GetRootNodes:
                if (request.SourceId is { } sourceId && !index.HasSource(sourceId))
                {
                    return Outcome.Fail(UnknownSource(sourceId));
                }

                // Node types have no class hierarchy here: a node is "derived from" a class only when its node type
                // is that class, so it passes onlyIfDerivedFrom when its type equals every listed class.
                return Nodes(op, [.. (op == ConcentratorOperations.GetAllNodes ? index.NodesIn(request.SourceId) : index.RootsOf(request.SourceId))
                    .Where(n => request.OnlyIfDerivedFrom.All(c => c == n.NodeType))], index, request);

            case ConcentratorOperations.GetNodeInheritance:
                // No node type has base classes or interfaces in this model: the honest answer is an empty list.
                return request.Node is null ? NeedsNode(op)
                    : index.TryResolve(request.Node, out ThingNode? typed)
                        ? Outcome.Answer(ConcentratorResponse.Inheritance([]), [typed])
                        : Outcome.Fail(UnknownNode(request.Node, index));

            case ConcentratorOperations.GetChildNodes:
                return request.Node is null ? NeedsNode(op)
                    : index.TryResolve(request.Node, out ThingNode? parent)
                        ? Nodes(op, [.. NodeIndex.ChildrenOf(parent)], index, request, addressed: parent)
                        : Outcome.Fail(UnknownNode(request.Node, index));

            case ConcentratorOperations.GetAncestors:
                return request.Node is null ? NeedsNode(op)
                    : index.TryResolve(request.Node, out ThingNode? child)
                        ? Nodes(op, [.. index.SelfAndAncestors(child)], index, request)
                        : Outcome.Fail(UnknownNode(request.Node, index));

            default:
                return Outcome.Fail(Failure.NotImplemented($"'{op}' is not supported."));
        }
    }

    private Outcome Nodes(string op, IReadOnlyList<ThingNode> nodes, NodeIndex index, ConcentratorRequest request,
        ThingNode? addressed = null) =>
        Outcome.Answer(ConcentratorResponse.ForNodes(op, [.. nodes.Select(n => Describe(n, index, request))]),
            addressed is null ? nodes : [addressed, .. nodes]);

    private NodeInfo Describe(ThingNode node, NodeIndex index, ConcentratorRequest request) =>
        NodeDescriber.Describe(node, index, request.Details, _isReadable);

    private static Outcome NeedsNode(string op) => Outcome.Fail(Failure.BadRequest($"{op} needs a nodeId."));

    private static Failure UnknownSource(string sourceId) => Failure.NotFound($"There is no data source '{sourceId}'.");

    private static Failure UnknownNode(ThingReference reference, NodeIndex index) =>
        reference.SourceId is { } source && !index.HasSource(source)
            ? UnknownSource(source)
            : Failure.NotFound(reference.SourceId is null
                ? $"There is no node '{reference.NodeId}'."
                : $"There is no node '{reference.NodeId}' in data source '{reference.SourceId}'.");
}
