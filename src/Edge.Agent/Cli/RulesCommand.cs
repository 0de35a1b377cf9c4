using Edge.Iot.Provisioning;
using Edge.Iot.Provisioning.Service;
using Edge.Xmpp;
using Edge.Xmpp.AdHoc;
using Edge.Xmpp.Disco;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge rules list|add|remove</c>: the owner's XEP-0324 provisioning rules, through the provisioning service's
/// XEP-0050 ad-hoc commands (<see cref="RuleCommands"/>). Exit codes: 0 done, 1 the service said no (not the owner, a
/// bad rule, no such rule), 2 usage, 3 no connection or no provisioning service.
/// </summary>
public static class RulesCommand
{
    public const string Help = """
        edge rules list   --jid OWNER --password PW [--registry JID] [options]
        edge rules add    --jid OWNER --password PW [--registry JID] --requester WHO --kind friend|read|control
                          [--thing DEVICE] [--node ID ...] [--name FIELD|PARAMETER ...] [options]
        edge rules remove --jid OWNER --password PW [--registry JID] --id N [options]

          The owner's provisioning rules (XEP-0324), kept by the provisioning service beside the thing registry: who
          (--requester: '*', a domain or a bare JID) may befriend, read or control your things (--thing: one device you
          claimed; default all), limited to nodes (--node) and to fields or parameters (--name). The owner is always
          allowed; the devices concerned forget their cached decisions at once.

          --registry JID     the provisioning service (default: found on your domain by its feature)
          --timeout S        give up after S seconds (default 30)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var action = args.Length > 0 ? args[0] : throw new CommandLineException("Say what to do: edge rules list, add or remove.");
        var cl = new CommandLine(args[1..], new HashSet<string>());
        string node;
        Dictionary<string, IReadOnlyList<string>>? values = null;
        switch (action)
        {
            case "list":
                cl.RejectUnknown([.. ClientArguments.Names, "registry", "timeout"]);
                node = RuleCommands.ListNode;
                break;
            case "add":
                cl.RejectUnknown([.. ClientArguments.Names, "registry", "timeout", "requester", "kind", "thing", "node", "name"]);
                node = RuleCommands.AddNode;
                values = new()
                {
                    [RuleCommands.RequesterField] = [cl.Required("requester")],
                    [RuleCommands.KindField] = [cl.Required("kind")],
                    [RuleCommands.ThingField] = cl.Value("thing") is { } thing ? [thing] : [],
                    [RuleCommands.NodesField] = cl.Values("node"),
                    [RuleCommands.NamesField] = cl.Values("name"),
                };
                break;
            case "remove":
                cl.RejectUnknown([.. ClientArguments.Names, "registry", "timeout", "id"]);
                node = RuleCommands.RemoveNode;
                values = new() { [RuleCommands.IdField] = [cl.Required("id")] };
                break;
            default:
                throw new CommandLineException($"Unknown action '{action}': list, add or remove.");
        }

        var options = ClientArguments.Parse(cl);
        options.AutoReconnect = false;
        options.SendInitialPresence = false;
        var timeout = TimeSpan.FromSeconds(cl.Int("timeout", 1, 86_400) ?? 30);
        options.IqTimeout = timeout;
        Jid? registry = null;
        if (cl.Value("registry") is { } given && !Jid.TryParse(given, out registry, out var registryError))
        {
            throw new CommandLineException($"--registry '{given}': {registryError}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        await using var client = new XmppClient(options);
        try
        {
            await client.ConnectAsync(stop.Token).ConfigureAwait(false);
        }
        catch (XmppConnectionException e)
        {
            await error.WriteLineAsync($"Cannot connect as {options.Jid}: {e.Message}").ConfigureAwait(false);
            return DeviceSession.NoConnection;
        }

        try
        {
            registry ??= await DiscoSearch.FindOnDomainAsync(client, ProvisioningNamespaces.Feature, stop.Token).ConfigureAwait(false);
            if (registry is null)
            {
                await error.WriteLineAsync($"No provisioning service (urn:xmpp:iot:provisioning) on {client.Jid.Domain}; name it with --registry.")
                    .ConfigureAwait(false);
                return DeviceSession.NoConnection;
            }

            var done = await AdHocClient.ExecuteAsync(client, registry, node, values, stop.Token).ConfigureAwait(false);
            if (done.ErrorNote is { } refusal)
            {
                await error.WriteLineAsync($"{registry}: {refusal}").ConfigureAwait(false);
                return DeviceSession.Refused;
            }

            if (action == "list")
            {
                await PrintAsync(output, done).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(string.Join(" ", done.Notes.Select(n => n.Text))).ConfigureAwait(false);
            }

            return 0;
        }
        catch (XmppStanzaErrorException e) when (e.Error?.Condition is "service-unavailable" or "remote-server-not-found" or "remote-server-timeout" or "item-not-found"
                                                  or "recipient-unavailable" or "feature-not-implemented")
        {
            await error.WriteLineAsync($"The provisioning service {registry} is unreachable or offers no rule commands ({e.Error}).")
                .ConfigureAwait(false);
            return DeviceSession.NoConnection;
        }
        catch (XmppException e) when (e is XmppStanzaErrorException or XmppProtocolException)
        {
            await error.WriteLineAsync($"{registry} refused: {e.Message}").ConfigureAwait(false);
            return DeviceSession.Refused;
        }
        catch (Exception e) when (e is XmppTimeoutException || (e is OperationCanceledException && stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            await error.WriteLineAsync($"The provisioning service {registry?.ToString() ?? "(looking for it)"} did not answer within {timeout.TotalSeconds:0} s: "
                + "it is unreachable.").ConfigureAwait(false);
            return DeviceSession.NoConnection;
        }
    }

    private static async Task PrintAsync(TextWriter output, AdHocCommand done)
    {
        var items = done.Form?.Items ?? [];
        if (items.Count == 0)
        {
            await output.WriteLineAsync("No rules.").ConfigureAwait(false);
            return;
        }

        var columns = new[] { RuleCommands.IdField, RuleCommands.KindField, RuleCommands.RequesterField, RuleCommands.ThingField, RuleCommands.NodesField, RuleCommands.NamesField };
        var rows = items.Select(item => columns.Select(c =>
        {
            var values = item.FirstOrDefault(f => f.Var == c)?.Values ?? [];
            return values.Count == 0 ? (c is "nodes" or "names" ? "(all)" : string.Empty) : string.Join(",", values);
        }).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd()).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd()).ConfigureAwait(false);
        }
    }
}
