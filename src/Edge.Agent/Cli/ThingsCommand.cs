using Edge.Iot.Discovery;

namespace Edge.Agent.Cli;

/// <summary><c>edge things search</c>: public things in the thing registry matching every condition (XEP-0347 §Search), one page.</summary>
public static class ThingsCommand
{
    public const string Help = """
        edge things search CONDITION... --jid JID --password PW [--offset N] [--max N] [--json] [options]

          Lists the public things of the thing registry whose meta tags satisfy every condition (XEP-0347 search): JID,
          owner and tags (never KEY). One page: --offset skips, --max limits (the registry may lower it); when more
          follow it says so.

          --offset N         skip the first N matches (default 0)
          --max N            at most N things (default: the registry's page size)
          --json             one JSON object per thing, then {"more":…}
        """;

    public static readonly HashSet<string> Flags = ["json"];

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Count == 0 || args[0] != "search")
        {
            throw new CommandLineException("Give 'search' and the conditions: edge things search MAN=acme 'V>=2'.");
        }

        var cl = new CommandLine([.. args.Skip(1)], Flags);
        cl.RejectUnknown([.. RegistrySession.Names, "offset", "max", "json"]);
        if (cl.Positionals.Count == 0)
        {
            throw new CommandLineException("Give at least one condition, e.g. MAN=acme.");
        }

        var request = new SearchRequest([.. cl.Positionals.Select(ThingSearchSyntax.Parse)], cl.Int("offset", 0, int.MaxValue) ?? 0,
            cl.Int("max", 1, 10_000));
        var json = cl.Flag("json");
        return RegistrySession.RunAsync(cl, error, null, async (_, registry, token) =>
        {
            var found = await registry.SearchAsync(request, token).ConfigureAwait(false);
            if (json)
            {
                foreach (var thing in found.Things)
                {
                    await output.WriteLineAsync(CliJson.Line(new()
                    {
                        ["thing"] = thing.Thing.ToString(),
                        ["owner"] = thing.Owner.ToString(),
                        ["node"] = thing.Node.NodeId,
                        ["tags"] = thing.Tags.ToDictionary(t => (t.IsNumeric ? "#" : string.Empty) + t.Name, t => t.ValueText),
                    })).ConfigureAwait(false);
                }

                await output.WriteLineAsync(CliJson.Line(new() { ["more"] = found.More })).ConfigureAwait(false);
                return 0;
            }

            var rows = found.Things.Select(t => new[] { t.Thing.ToString(), t.Owner.ToString(), string.Join(" ", t.Tags) }).ToList();
            await output.WriteAsync(TextTable.Render(["thing", "owner", "tags"], rows)).ConfigureAwait(false);
            await output.WriteLineAsync(found.More
                ? $"{found.Things.Count} shown; more follow: --offset {request.Offset + found.Things.Count}"
                : $"{found.Things.Count} found").ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }
}
