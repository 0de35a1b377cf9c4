using Edge.Xmpp.DataForms;

namespace Edge.Xmpp.AdHoc;

/// <summary>The requester side of XEP-0050: runs a command to completion, filling its form with given values.</summary>
public static class AdHocClient
{
    /// <summary>
    /// Executes <paramref name="node"/> on <paramref name="responder"/> (§3.4). When the responder answers with a form,
    /// submits <paramref name="values"/> (field var → values) in the same session. Returns the completed answer; a
    /// stanza error (not found, forbidden …) throws <see cref="XmppStanzaErrorException"/>.
    /// </summary>
    public static async Task<AdHocCommand> ExecuteAsync(IXmppEndpoint endpoint, Jid responder, string node,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var first = await SendAsync(endpoint, responder, new AdHocCommand(node) { Action = "execute" }, cancellationToken).ConfigureAwait(false);
        if (first.Status != "executing")
        {
            return first;
        }

        var fields = (first.Form?.Fields ?? [])
            .Where(f => f.Var is not null && f.Type != DataFormFieldType.Fixed)
            .Select(f => new DataFormField
            {
                Var = f.Var,
                Values = values is not null && values.TryGetValue(f.Var!, out var given) ? given : f.Values,
            })
            .ToArray();
        var submit = new AdHocCommand(node)
        {
            SessionId = first.SessionId,
            Action = "complete",
            Form = new DataForm { Type = DataFormType.Submit, Fields = fields },
        };
        return await SendAsync(endpoint, responder, submit, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<AdHocCommand> SendAsync(IXmppEndpoint endpoint, Jid responder, AdHocCommand command, CancellationToken cancellationToken)
    {
        var response = await endpoint.SendIqAsync(endpoint.CreateIq("set", responder, command.ToElement()), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccess($"Command '{command.Node}' on {responder}");
        if (response.Payload is not { } payload || !AdHocCommand.TryParse(payload, out var answer, out var error))
        {
            throw new XmppProtocolException($"Command '{command.Node}' on {responder}: the answer is not a command.");
        }

        return answer;
    }
}
