using System.Globalization;
using Edge.Xmpp;
using Edge.Xmpp.AdHoc;
using Edge.Xmpp.DataForms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Iot.Provisioning.Service;

/// <summary>
/// The owner's rule management as XEP-0050 ad-hoc commands (each a data form, XEP-0004), so any XMPP client with
/// ad-hoc support can list, add and remove rules: <see cref="ListNode"/>, <see cref="AddNode"/>,
/// <see cref="RemoveNode"/>. The requester's bare JID is the owner; a rule for one thing needs that thing claimed by
/// the requester. A change pushes <c>clearCache</c> to the things it concerns.
/// </summary>
public static class RuleCommands
{
    public const string ListNode = "urn:xmpp:iot:provisioning#rules-list";
    public const string AddNode = "urn:xmpp:iot:provisioning#rules-add";
    public const string RemoveNode = "urn:xmpp:iot:provisioning#rules-remove";

    /// <summary>The form fields, shared with the clients that fill them in.</summary>
    public const string IdField = "id", ThingField = "thing", RequesterField = "requester", KindField = "kind", NodesField = "nodes", NamesField = "names";

    public static IReadOnlyList<IAdHocCommandHandler> Create(ProvisioningServer server, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        logger ??= NullLogger.Instance;
        return [new ListCommand(server.Store), new AddCommand(server, logger), new RemoveCommand(server, logger)];
    }

    private static string Kind(RuleKind kind) => kind.ToString().ToLowerInvariant();

    private static DataFormField Field(string var, string? value) => new() { Var = var, Values = value is null ? [] : [value] };

    private static DataFormField Multi(string var, IEnumerable<string> values) => new() { Var = var, Type = DataFormFieldType.TextMulti, Values = [.. values] };

    private static string[] Values(DataForm form, string var) =>
        form[var]?.Values.SelectMany(v => v.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() ?? [];

    private sealed class ListCommand(IRuleStore store) : IAdHocCommandHandler
    {
        public string Node => ListNode;

        public string Name => "List my provisioning rules";

        public DataForm? FormFor(Jid requester) => null;

        public async ValueTask<AdHocOutcome> ExecuteAsync(Jid requester, DataForm? submitted, CancellationToken cancellationToken)
        {
            var rules = await store.ListAsync(requester.Bare, cancellationToken).ConfigureAwait(false);
            var result = new DataForm
            {
                Type = DataFormType.Result,
                Title = "Provisioning rules of " + requester.Bare,
                Reported = [Field(IdField, null), Field(ThingField, null), Field(RequesterField, null), Field(KindField, null),
                    Field(NodesField, null), Field(NamesField, null)],
                Items = [.. rules.Select(r => (IReadOnlyList<DataFormField>)[
                    Field(IdField, r.Id.ToString(CultureInfo.InvariantCulture)), Field(ThingField, r.Thing?.ToString() ?? "*"),
                    Field(RequesterField, r.Requester), Field(KindField, Kind(r.Kind)), Multi(NodesField, r.Nodes), Multi(NamesField, r.Names)])],
            };
            return AdHocOutcome.Done($"{rules.Count} rule(s).", result);
        }
    }

    private sealed class AddCommand(ProvisioningServer server, ILogger logger) : IAdHocCommandHandler
    {
        public string Node => AddNode;

        public string Name => "Add a provisioning rule";

        public DataForm? FormFor(Jid requester) => new()
        {
            Type = DataFormType.Form,
            Title = "Add a provisioning rule",
            Instructions = ["Who (requester: '*', a domain or a bare JID) may do what (kind: friend, read or control) with which of your things "
                + "(thing: a JID you claimed; empty = all), limited to nodes and to field (read) or parameter (control) names (empty = all)."],
            Fields =
            [
                new DataFormField { Var = ThingField, Type = DataFormFieldType.JidSingle, Label = "Thing (empty = all my things)" },
                new DataFormField { Var = RequesterField, Type = DataFormFieldType.TextSingle, Label = "Requester", Required = true },
                new DataFormField
                {
                    Var = KindField, Type = DataFormFieldType.ListSingle, Label = "Kind", Required = true, Values = ["read"],
                    Options = [new DataFormOption("friend", "Befriend"), new DataFormOption("read", "Read"), new DataFormOption("control", "Control")],
                },
                new DataFormField { Var = NodesField, Type = DataFormFieldType.TextMulti, Label = "Nodes (empty = all)" },
                new DataFormField { Var = NamesField, Type = DataFormFieldType.TextMulti, Label = "Fields or parameters (empty = all)" },
            ],
        };

        public async ValueTask<AdHocOutcome> ExecuteAsync(Jid requester, DataForm? submitted, CancellationToken cancellationToken)
        {
            if (submitted is null)
            {
                return AdHocOutcome.Failure("Submit the rule form.");
            }

            var owner = requester.Bare;
            var requesterText = submitted[RequesterField]?.Value?.Trim();
            var kindText = submitted[KindField]?.Value?.Trim();
            if (string.IsNullOrEmpty(requesterText))
            {
                return AdHocOutcome.Failure("The rule names no requester ('*', a domain or a bare JID).");
            }

            if (!Enum.TryParse<RuleKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
            {
                return AdHocOutcome.Failure($"The kind '{kindText}' is not friend, read or control.");
            }

            Jid? thing = null;
            var thingText = submitted[ThingField]?.Value?.Trim();
            if (!string.IsNullOrEmpty(thingText) && thingText != "*")
            {
                if (!Jid.TryParse(thingText, out var parsed, out _))
                {
                    return AdHocOutcome.Failure($"The thing '{thingText}' is not a JID.");
                }

                thing = parsed.Bare;
                var thingOwner = await server.Store.OwnerOfAsync(thing, cancellationToken).ConfigureAwait(false);
                if (!owner.Equals(thingOwner))
                {
                    return AdHocOutcome.Failure($"You ({owner}) are not the owner of {thing}: claim it first.");
                }
            }

            var nodes = Values(submitted, NodesField);
            var names = Values(submitted, NamesField);
            if (!ProvisioningRule.TryValidate(requesterText, kind, nodes, names, out var error))
            {
                return AdHocOutcome.Failure(error);
            }

            var candidate = new ProvisioningRule(0, owner, thing, requesterText, kind, nodes, names);
            var affected = await server.MarkAffectedAsync(candidate, cancellationToken).ConfigureAwait(false);
            var rule = await server.Store.AddAsync(candidate, cancellationToken).ConfigureAwait(false);
            Log.RuleChanged(logger, "added", owner.ToString(), rule.ToString());
            return AdHocOutcome.Done($"Rule {rule.Id} added: {rule}.",
                new DataForm { Type = DataFormType.Result, Fields = [Field(IdField, rule.Id.ToString(CultureInfo.InvariantCulture))] })
                with { After = token => server.PushClearCacheAsync(affected, token) };
        }
    }

    private sealed class RemoveCommand(ProvisioningServer server, ILogger logger) : IAdHocCommandHandler
    {
        public string Node => RemoveNode;

        public string Name => "Remove a provisioning rule";

        public DataForm? FormFor(Jid requester) => new()
        {
            Type = DataFormType.Form,
            Title = "Remove a provisioning rule",
            Fields = [new DataFormField { Var = IdField, Type = DataFormFieldType.TextSingle, Label = "Rule id", Required = true }],
        };

        public async ValueTask<AdHocOutcome> ExecuteAsync(Jid requester, DataForm? submitted, CancellationToken cancellationToken)
        {
            var text = submitted?[IdField]?.Value?.Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return AdHocOutcome.Failure($"The rule id '{text}' is not a number.");
            }

            var existing = (await server.Store.ListAsync(requester.Bare, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == id);
            if (existing is null)
            {
                return AdHocOutcome.Failure($"You ({requester.Bare}) have no rule {id}.");
            }

            var affected = await server.MarkAffectedAsync(existing, cancellationToken).ConfigureAwait(false);
            var removed = await server.Store.RemoveAsync(requester.Bare, id, cancellationToken).ConfigureAwait(false);
            if (removed is null)
            {
                return AdHocOutcome.Failure($"You ({requester.Bare}) have no rule {id}.");
            }

            Log.RuleChanged(logger, "removed", requester.Bare.ToString(), removed.ToString());
            return AdHocOutcome.Done($"Rule {id} removed.") with { After = token => server.PushClearCacheAsync(affected, token) };
        }
    }
}
