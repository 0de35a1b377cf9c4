using Edge.Iot;
using Edge.Iot.Concentrator;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge nodes</c>: the device's node tree over XEP-0326 (the concentrator's data source, every node with its type,
/// whether it can be read out or controlled, and its parameters), as an indented tree or JSON lines.
/// </summary>
public static class NodesCommand
{
    public const string Help = """
        edge nodes --jid JID --password PW --device DEVICE [--source ID] [--json] [options]

          Lists the nodes behind a device (XEP-0326): the ids readout and control address, their types and parameters.

          --source ID        the data source (default MeteringTopology)
          --json             one JSON object per node instead of the tree
        """;

    public static Task<int> RunAsync(CommandLine cl, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cl);
        ArgumentNullException.ThrowIfNull(output);
        cl.RejectUnknown([.. DeviceSession.Names, "source", "json"]);
        var source = cl.Value("source") ?? NodeResolver.DefaultSourceId;
        var json = cl.Flag("json");
        return DeviceSession.RunAsync(cl, error, async (client, device, token) =>
        {
            var concentrator = new ConcentratorClient(client);
            var result = await concentrator.GetAllNodesAsync(device, source, NodeDetails.Parameters, null, token).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                await error.WriteLineAsync($"{device} refused to list the nodes of '{source}': {result}").ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            var nodes = result.Value!;
            if (json)
            {
                foreach (var node in nodes)
                {
                    await output.WriteLineAsync(CliJson.Line(new Dictionary<string, object?>
                    {
                        ["nodeId"] = node.NodeId,
                        ["parentId"] = node.ParentId,
                        ["nodeType"] = node.NodeType,
                        ["displayName"] = node.DisplayName,
                        ["readable"] = node.IsReadable,
                        ["controllable"] = node.IsControllable,
                        ["parameters"] = node.Parameters.ToDictionary(p => p.Id, p => p.LexicalValue, StringComparer.Ordinal),
                    })).ConfigureAwait(false);
                }

                return 0;
            }

            var ids = nodes.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
            foreach (var root in nodes.Where(n => n.ParentId is null || !ids.Contains(n.ParentId)))
            {
                await PrintAsync(output, root, nodes, 0).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken);
    }

    private static async Task PrintAsync(TextWriter output, NodeInfo node, IReadOnlyList<NodeInfo> all, int depth)
    {
        var indent = new string(' ', depth * 2);
        var flags = string.Join(", ", new[] { node.IsReadable ? "readable" : null, node.IsControllable ? "controllable" : null }.OfType<string>());
        await output.WriteLineAsync($"{indent}{node.NodeId}  ({node.NodeType}){(node.DisplayName is { } d && d != node.NodeId ? $" \"{d}\"" : string.Empty)}"
            + (flags.Length > 0 ? $"  [{flags}]" : string.Empty)).ConfigureAwait(false);
        foreach (var p in node.Parameters)
        {
            await output.WriteLineAsync($"{indent}    {p.Id} = {p.LexicalValue}").ConfigureAwait(false);
        }

        foreach (var child in all.Where(n => n.ParentId == node.NodeId))
        {
            await PrintAsync(output, child, all, depth + 1).ConfigureAwait(false);
        }
    }
}
