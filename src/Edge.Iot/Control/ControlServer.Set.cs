using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.Control.Internal;
using Edge.Iot.Provisioning;
using Edge.Things;
using Edge.Things.Control;
using Edge.Xmpp;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Control;

/// <summary>The set flow, shared by IQ and message.</summary>
public sealed partial class ControlServer
{
    private const string ByIq = "IQ";
    private const string ByMessage = "message";

    private async ValueTask<IqReply> HandleSetIqAsync(XElement iq, CancellationToken cancellationToken)
    {
        var requester = Requester(iq);
        StanzaError? error;
        ControlSetResponse? used = null;
        if ((string?)iq.Attribute("type") != "set")
        {
            error = StanzaError.BadRequest("A control set is an IQ of type set.");
        }
        else if (!ControlSet.TryParse(iq.Elements().First(), out var set, out var malformed))
        {
            error = StanzaError.BadRequest(malformed);
        }
        else
        {
            error = await ApplyAsync(requester, set, ByIq, cancellationToken, r => used = r).ConfigureAwait(false);
        }

        if (error is null)
        {
            return IqReply.Result((used ?? new ControlSetResponse()).ToElement());
        }

        if (error.Condition != "conflict")
        {
            Log.ControlRejected(_logger, requester.ToString(), error.ToString());
        }

        return IqReply.Fail(error);
    }

    /// <summary>Set by message (XEP-0325 §3.1.1): the same checks, no answer either way, a log line when not applied.</summary>
    private async ValueTask HandleMessageAsync(XElement message, CancellationToken cancellationToken)
    {
        var element = message.Element(ControlNamespaces.Control + "set");
        if (element is null || (string?)message.Attribute("type") == "error")
        {
            return;
        }

        var requester = Requester(message);
        if (!ControlSet.TryParse(element, out var set, out var malformed))
        {
            Log.ControlMessageRejected(_logger, requester.ToString(), malformed);
            return;
        }

        var error = await ApplyAsync(requester, set, ByMessage, cancellationToken).ConfigureAwait(false);
        if (error is not null && error.Condition != "conflict")
        {
            Log.ControlMessageRejected(_logger, requester.ToString(), error.ToString());
        }
    }

    /// <summary>
    /// Checks the whole set, then writes. Returns null when applied, else the error to answer; nothing is written
    /// unless every (node, parameter) passed. A provider refusal (after earlier writes of the set were applied, as
    /// <see cref="IThingProvider.SetAsync"/> defines) is <c>wait/conflict</c> naming the parameter.
    /// </summary>
    private async ValueTask<StanzaError?> ApplyAsync(Jid requester, ControlSet set, string channel,
        CancellationToken cancellationToken, Action<ControlSetResponse>? restricted = null)
    {
        List<ThingNode>? listed = null;
        if (set.Nodes.Count > 0)
        {
            listed = [];
            foreach (var reference in set.Nodes)
            {
                var found = NodeElements.Resolve(_provider, reference);
                if (found.Count == 0)
                {
                    return StanzaError.ItemNotFound($"Node '{reference}' not found.");
                }

                listed.AddRange(found.Where(n => !listed.Contains(n, ReferenceEqualityComparer.Instance)));
            }
        }

        if (!TryCollect(set, out var requests, out var requestError))
        {
            return requestError;
        }

        // No node named: each parameter goes to the nodes of the device that have it (XEP-0325 §3: the device itself).
        var all = NodeResolver.AllNodes(_provider).ToArray();
        var targets = requests
            .Select(r => listed ?? (IReadOnlyList<ThingNode>)[.. all.Where(n => n.FindParameter(r.Name) is not null)])
            .ToArray();
        IReadOnlyList<ThingNode> affected = listed ?? [.. targets.SelectMany(t => t).Distinct(ReferenceEqualityComparer.Instance).Cast<ThingNode>()];
        var decision = await _policy.DecideAsync(new AccessRequest(requester, IotOperation.Control, affected)
        {
            ParameterNames = [.. requests.Select(r => r.Name).Distinct(StringComparer.Ordinal)],
            Tokens = new AccessTokens(set.ServiceToken, set.DeviceToken, set.UserToken),
        }, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            return Forbidden(requester);
        }

        if (decision.IsRestricted)
        {
            // XEP-0324 §Restricting nodes / parameters during control: act only on the allowed subset, and say so in
            // the setResponse. Nothing left is a refusal.
            var keep = Enumerable.Range(0, requests.Count)
                .Where(i => decision.ParameterNames is null || decision.ParameterNames.Contains(requests[i].Name))
                .Select(i => (Request: requests[i], Targets: decision.Filter(targets[i])))
                .Where(k => k.Targets.Count > 0 || decision.NodeIds is null)
                .ToList();
            if (keep.Count == 0)
            {
                return Forbidden(requester);
            }

            requests = [.. keep.Select(k => k.Request)];
            targets = [.. keep.Select(k => k.Targets)];
            restricted?.Invoke(new ControlSetResponse
            {
                Nodes = decision.NodeIds is null ? [] : [.. targets.SelectMany(t => t).Select(n => n.Reference).Distinct()],
                ParameterNames = [.. requests.Select(r => r.Name).Distinct(StringComparer.Ordinal)],
            });
        }

        var unzoned = _time.LocalTimeZone;
        var writes = new List<ControlWrite>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (targets[i].Count == 0)
            {
                return ParamError("cancel", "item-not-found", request.Name, $"No node has a control parameter '{request.Name}'.");
            }

            foreach (var node in targets[i])
            {
                var where = targets[i].Count > 1 ? $" (node '{node.Reference}')" : string.Empty;
                var parameter = node.FindParameter(request.Name);
                if (parameter is null)
                {
                    return ParamError("cancel", "item-not-found", request.Name,
                        $"Node '{node.Reference}' has no control parameter '{request.Name}'.");
                }

                if (!request.TryGetLexical(parameter.Type, out var lexical, out var problem)
                    || !ControlTypes.TryParse(request.Name, request.Type ?? parameter.Type, lexical, unzoned, out var value, out problem))
                {
                    return ParamError("modify", "bad-request", request.Name, problem + where);
                }

                var check = parameter.Validate(value);
                if (!check.IsValid)
                {
                    return ParamError("modify", "bad-request", request.Name, check.Message + where);
                }

                writes.Add(new ControlWrite(node, parameter, ControlTypes.ConvertTo(value, parameter.Type)));
            }
        }

        if (writes.Count == 0)
        {
            Log.ControlApplied(_logger, channel, requester.ToString(), 0, "nothing to set");
            return null;
        }

        var outcome = await _provider.SetAsync(writes, cancellationToken).ConfigureAwait(false);
        if (outcome.FailedWrite is { } failed)
        {
            var applied = writes.IndexOf(failed);
            var message = outcome.Message ?? "refused";
            Log.ControlRefused(_logger, channel, requester.ToString(), failed.Parameter.Name, failed.Node.Reference.ToString(),
                Math.Max(applied, 0), message);
            var text = $"Parameter '{failed.Parameter.Name}' on node '{failed.Node.Reference}' was refused: {message}"
                + (applied > 0 ? $" ({applied} earlier write(s) of this set were applied.)" : " (Nothing was written.)");
            return new StanzaError("wait", "conflict", text,
                new ControlParameterError(failed.Parameter.Name, message).ToElement());
        }

        Log.ControlApplied(_logger, channel, requester.ToString(), writes.Count,
            string.Join(", ", writes.Select(w => $"{w.Node.Reference}.{w.Parameter.Name}={ControlTypes.Format(w.Value)}")));
        return null;
    }

    private static StanzaError ParamError(string type, string condition, string name, string text) =>
        new(type, condition, text, new ControlParameterError(name, text).ToElement());

    /// <summary>
    /// The parameters a set asks for, in order: its typed values, then the fields of its form (hidden and fixed
    /// fields, e.g. FORM_TYPE or an XEP-0336 session, are not parameters). A partial form yields only its fields.
    /// </summary>
    private static bool TryCollect(ControlSet set, out List<SetRequest> requests, [NotNullWhen(false)] out StanzaError? error)
    {
        requests = [.. set.Values.Select(v => new SetRequest(v.Name, v.Type, [v.Lexical]))];
        error = null;
        if (set.Form is null)
        {
            return true;
        }

        if (set.Form.Type != DataFormType.Submit)
        {
            error = StanzaError.BadRequest($"A control form is set with type submit, not {set.Form.Type.ToString().ToLowerInvariant()}.");
            return false;
        }

        foreach (var field in set.Form.Fields)
        {
            if (field.Var is null || field.Var == "FORM_TYPE"
                || field.Type is DataFormFieldType.Hidden or DataFormFieldType.Fixed)
            {
                continue;
            }

            requests.Add(new SetRequest(field.Var, null, field.Values));
        }

        return true;
    }

    /// <summary>One parameter to set: typed (from a parameter element) or untyped (a form field, typed by the node).</summary>
    private sealed record SetRequest(string Name, ControlParameterType? Type, IReadOnlyList<string> Values)
    {
        public bool TryGetLexical(ControlParameterType parameterType, [NotNullWhen(true)] out string? lexical,
            [NotNullWhen(false)] out string? error)
        {
            lexical = null;
            error = null;
            switch (Values.Count)
            {
                case 1:
                    lexical = Values[0];
                    return true;
                case 0 when parameterType == ControlParameterType.String:
                    lexical = string.Empty;
                    return true;
                case 0:
                    error = $"Parameter '{Name}': the form field has no value.";
                    return false;
                default:
                    error = $"Parameter '{Name}': the form field has {Values.Count} values; a control parameter takes one.";
                    return false;
            }
        }
    }
}
