using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Xml.Linq;
using Edge.Xmpp.Component;
using Edge.Xmpp.Disco;

namespace Edge.Xmpp.AdHoc;

/// <summary>
/// The responder side of XEP-0050 on an endpoint: lists its commands (disco#items on the node
/// <c>http://jabber.org/protocol/commands</c>, §2.2, on a component), describes each (disco#info on its node:
/// identity automation/command-node, §2.2), and runs them (§3.4: execute → form with a session → submitted form →
/// completed; cancel → canceled). Sessions are kept per requester, at most <see cref="MaxSessions"/>, each for
/// <see cref="SessionLifetime"/>; an unknown or expired one is <c>not-allowed</c> + <c>session-expired</c> (§4.4).
/// </summary>
public sealed class AdHocServer
{
    public const int MaxSessions = 1024;

    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyDictionary<string, IAdHocCommandHandler> _commands;
    private readonly ConcurrentDictionary<string, (string Node, Jid Requester, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Jid _self;

    private AdHocServer(IXmppEndpoint endpoint, IEnumerable<IAdHocCommandHandler> commands, TimeProvider time)
    {
        _self = endpoint.Jid;
        _commands = commands.ToDictionary(c => c.Node, StringComparer.Ordinal);
        _time = time;
    }

    /// <summary>Registers the <c>command</c> handler (and, on a component, the command list and each command's disco node).</summary>
    public static AdHocServer Register(IXmppEndpoint endpoint, IEnumerable<IAdHocCommandHandler> commands, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(commands);
        var server = new AdHocServer(endpoint, commands, time ?? TimeProvider.System);
        endpoint.RegisterIqHandler(AdHocNamespaces.Commands + "command", server.HandleAsync, AdHocNamespaces.Feature);
        if (endpoint is XmppComponent component)
        {
            component.RegisterDiscoNode(AdHocNamespaces.Feature,
                _ => DiscoResponder.Info(new Caps.DiscoIdentity("automation", "command-list", "Commands"), [AdHocNamespaces.Feature]),
                _ => server.Items());
            foreach (var command in server._commands.Values)
            {
                component.RegisterDiscoNode(command.Node,
                    _ => DiscoResponder.Info(new Caps.DiscoIdentity("automation", "command-node", command.Name),
                        [AdHocNamespaces.Feature, "jabber:x:data"]),
                    _ => new XElement(DiscoNamespaces.Items + "query"));
            }
        }

        return server;
    }

    /// <summary>The command list: one item per command (§2.2).</summary>
    public XElement Items() => new(DiscoNamespaces.Items + "query",
        _commands.Values.Select(c => new XElement(DiscoNamespaces.Items + "item",
            new XAttribute("jid", _self.ToString()), new XAttribute("node", c.Node), new XAttribute("name", c.Name))));

    private async ValueTask<IqReply> HandleAsync(XElement iq, CancellationToken cancellationToken)
    {
        if ((string?)iq.Attribute("type") != "set")
        {
            return IqReply.Fail(StanzaError.BadRequest("An ad-hoc command is an IQ set (XEP-0050 §3.4)."));
        }

        if (!Jid.TryParse((string?)iq.Attribute("from"), out var from))
        {
            return IqReply.Fail(StanzaError.BadRequest("A command needs a sender."));
        }

        if (!AdHocCommand.TryParse(iq.Elements().First(), out var request, out var error))
        {
            return IqReply.Fail(new StanzaError("modify", "bad-request", error, Condition("malformed-action")));
        }

        if (!_commands.TryGetValue(request.Node, out var command))
        {
            return IqReply.Fail(StanzaError.ItemNotFound($"No command '{request.Node}'."));
        }

        var now = _time.GetUtcNow();
        foreach (var (id, stale) in _sessions)
        {
            if (stale.Expires <= now)
            {
                _sessions.TryRemove(id, out _);
            }
        }

        if (request.SessionId is { } sessionId)
        {
            if (!_sessions.TryRemove(sessionId, out var session) || session.Node != request.Node || !session.Requester.Equals(from))
            {
                return IqReply.Fail(new StanzaError("cancel", "not-allowed", $"Session '{sessionId}' is not active.", Condition("session-expired")));
            }

            if (request.Action == "cancel")
            {
                return IqReply.Result((request with { Action = null, Status = "canceled", Form = null }).ToElement());
            }

            if (request.Action is "next" or "prev")
            {
                return IqReply.Fail(new StanzaError("modify", "bad-request", $"'{request.Node}' has one step.", Condition("bad-action")));
            }

            return await CompleteAsync(command, from, sessionId, request.Form, cancellationToken).ConfigureAwait(false);
        }

        if (request.Action is not (null or "execute" or "complete"))
        {
            return IqReply.Fail(new StanzaError("modify", "bad-request", $"'{request.Action}' needs a session.", Condition("bad-action")));
        }

        var newSession = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var form = command.FormFor(from);
        if (form is null || request.Form is not null)
        {
            // No input wanted, or the form came with the first request (a one-step client): complete at once.
            return await CompleteAsync(command, from, newSession, request.Form, cancellationToken).ConfigureAwait(false);
        }

        if (_sessions.Count >= MaxSessions)
        {
            return IqReply.Fail(new StanzaError("wait", "resource-constraint", $"{MaxSessions} command sessions are open; try again later."));
        }

        _sessions[newSession] = (command.Node, from, now + SessionLifetime);
        return IqReply.Result(new AdHocCommand(command.Node) { SessionId = newSession, Status = "executing", Form = form }.ToElement());
    }

    private static async ValueTask<IqReply> CompleteAsync(IAdHocCommandHandler command, Jid from, string sessionId,
        DataForms.DataForm? submitted, CancellationToken cancellationToken)
    {
        var outcome = await command.ExecuteAsync(from, submitted, cancellationToken).ConfigureAwait(false);
        var reply = IqReply.Result(new AdHocCommand(command.Node)
        {
            SessionId = sessionId,
            Status = "completed",
            Notes = outcome.Notes,
            Form = outcome.Result,
        }.ToElement());
        return outcome.After is { } after ? reply.Then(after) : reply;
    }

    private static XElement Condition(string name) => new(AdHocNamespaces.Commands + name);
}
