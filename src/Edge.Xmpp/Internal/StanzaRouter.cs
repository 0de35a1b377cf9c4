using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Edge.Xmpp.Internal;

/// <summary>
/// What a client session and a component session share once a stanza is framed: the IQ handlers by payload name with
/// their disco features, the message and presence handlers, and the rule that every inbound get/set gets exactly one
/// answer (RFC 6120 §8.2.3: no handler → <c>service-unavailable</c>, a handler that threw → <c>internal-server-error</c>).
/// Stanzas here are always in <c>jabber:client</c>; a component connection maps its namespace at the wire.
/// </summary>
internal sealed class StanzaRouter(ILogger logger)
{
    private readonly ConcurrentDictionary<XName, IqHandler> _iqHandlers = new();
    private readonly ConcurrentDictionary<string, byte> _features = new(StringComparer.Ordinal);
    private readonly List<Func<XElement, CancellationToken, ValueTask>> _messageHandlers = [];
    private readonly List<Func<XElement, CancellationToken, ValueTask>> _presenceHandlers = [];

    public IReadOnlyCollection<string> Features => _features.Keys.Order(StringComparer.Ordinal).ToArray();

    public void AddFeature(string feature)
    {
        ArgumentException.ThrowIfNullOrEmpty(feature);
        _features.TryAdd(feature, 0);
    }

    public void RegisterIqHandler(XName payload, IqHandler handler, string? feature)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(handler);
        if (!_iqHandlers.TryAdd(payload, handler))
        {
            throw new InvalidOperationException($"An IQ handler for {payload} is already registered.");
        }

        if (feature is not null)
        {
            AddFeature(feature);
        }
    }

    public void OnMessage(Func<XElement, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_messageHandlers)
        {
            _messageHandlers.Add(handler);
        }
    }

    public void OnPresence(Func<XElement, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_presenceHandlers)
        {
            _presenceHandlers.Add(handler);
        }
    }

    /// <summary>
    /// Routes one inbound <c>jabber:client</c> stanza, the same for a client and a component session: an IQ result or
    /// error completes its request in <paramref name="iqs"/> (<paramref name="self"/>: our own address, for answers
    /// without a 'from', RFC 6120 §10.3.3); a get/set is answered on the thread pool through <paramref name="enqueue"/>
    /// (<see cref="AnswerIqAsync"/>), so a slow handler never holds up the receive loop; a message or presence goes to
    /// its handlers, in order. Anything else is ignored.
    /// </summary>
    public Task RouteAsync(XElement stanza, IqTracker iqs, Jid? self, Func<XElement, CancellationToken, Task> enqueue,
        bool fromAddressee, CancellationToken token)
    {
        switch (stanza.Name.LocalName)
        {
            case "iq":
                var type = (string?)stanza.Attribute("type");
                if (type is "result" or "error")
                {
                    if (!iqs.TryComplete(stanza, self))
                    {
                        Log.UnknownIqResponse(logger, (string?)stanza.Attribute("id"), (string?)stanza.Attribute("from"));
                    }
                }
                else if (type is "get" or "set")
                {
                    _ = Task.Run(() => AnswerIqAsync(stanza, enqueue, token, fromAddressee), CancellationToken.None);
                }

                return Task.CompletedTask;
            case "message":
                return DispatchMessageAsync(stanza, token);
            case "presence":
                return DispatchPresenceAsync(stanza, token);
            default:
                return Task.CompletedTask;
        }
    }

    public Task DispatchMessageAsync(XElement stanza, CancellationToken token) => DispatchAsync(_messageHandlers, stanza, token);

    public Task DispatchPresenceAsync(XElement stanza, CancellationToken token) => DispatchAsync(_presenceHandlers, stanza, token);

    /// <summary>
    /// Answers an inbound get/set through <paramref name="enqueue"/> (the session's single writer); a reply's
    /// <see cref="IqReply.Continuation"/> starts after the answer is queued. <paramref name="fromAddressee"/>: the answer
    /// names the address the request was sent to as its 'from' (a component must: XEP-0114 §3).
    /// </summary>
    public async Task AnswerIqAsync(XElement iq, Func<XElement, CancellationToken, Task> enqueue, CancellationToken token,
        bool fromAddressee = false)
    {
        var payload = iq.Elements().FirstOrDefault();
        IqReply reply;
        if (payload is null || iq.Elements().Count() != 1)
        {
            reply = IqReply.Fail(StanzaError.BadRequest("An IQ get/set must have exactly one payload element."));
        }
        else if (!_iqHandlers.TryGetValue(payload.Name, out var handler))
        {
            reply = IqReply.Fail(StanzaError.ServiceUnavailable());
        }
        else
        {
            try
            {
                reply = await handler(iq, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.IqHandlerFailed(logger, payload.Name.ToString(), e);
                reply = IqReply.Fail(StanzaError.InternalServerError());
            }
        }

        var answer = new XElement(XmppNamespaces.Client + "iq",
            new XAttribute("type", reply.Error is null ? "result" : "error"),
            new XAttribute("id", (string?)iq.Attribute("id") ?? string.Empty));
        if ((string?)iq.Attribute("from") is { } from)
        {
            answer.SetAttributeValue("to", from);
        }

        if (fromAddressee && (string?)iq.Attribute("to") is { } to)
        {
            answer.SetAttributeValue("from", to);
        }

        if (reply.Error is not null)
        {
            if (payload is not null)
            {
                answer.Add(new XElement(payload));
            }

            answer.Add(reply.Error.ToElement());
        }
        else if (reply.Payload is not null)
        {
            answer.Add(reply.Payload);
        }

        var queued = false;
        try
        {
            await enqueue(answer, token).ConfigureAwait(false);
            queued = true;
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException)
        {
            // The connection went away; the requester will time out or retry.
        }

        // IqReply.Then: starts only now, so whatever it sends is queued behind the answer. When the answer could not
        // be queued it still runs, with a cancelled token, to release what the handler reserved. It never throws.
        await reply.RunContinuationAsync(logger, payload?.Name.ToString() ?? "(none)",
            queued ? token : new CancellationToken(canceled: true)).ConfigureAwait(false);
    }

    private async Task DispatchAsync(List<Func<XElement, CancellationToken, ValueTask>> handlers, XElement stanza, CancellationToken token)
    {
        Func<XElement, CancellationToken, ValueTask>[] snapshot;
        lock (handlers)
        {
            snapshot = [.. handlers];
        }

        foreach (var handler in snapshot)
        {
            try
            {
                await handler(stanza, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.HandlerFailed(logger, e);
            }
        }
    }
}
