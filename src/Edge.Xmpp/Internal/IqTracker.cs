using System.Collections.Concurrent;
using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>
/// Correlates IQ responses with requests: register before sending, complete on a response from the addressee,
/// remove on timeout, fail everything pending when the connection goes.
/// </summary>
internal sealed class IqTracker
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    public int Count => _pending.Count;

    public Task<XElement> Register(string id, Jid? to)
    {
        var pending = new Pending(to, new TaskCompletionSource<XElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.TryAdd(id, pending))
        {
            throw new InvalidOperationException($"An IQ with id '{id}' is already pending.");
        }

        return pending.Completion.Task;
    }

    public void Remove(string id) => _pending.TryRemove(id, out _);

    /// <summary>
    /// Sends an IQ get/set through <paramref name="enqueue"/> and waits for its answer from the addressee: registered
    /// before it is sent, removed however it ends. No answer within <paramref name="timeout"/> throws
    /// <see cref="XmppTimeoutException"/>; a peer error is returned as data. The IQ gets an id from
    /// <paramref name="nextId"/> when it has none.
    /// </summary>
    public async Task<IqResponse> AskAsync(XElement iq, Func<string> nextId, Func<XElement, CancellationToken, Task> enqueue,
        TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iq);
        var id = (string?)iq.Attribute("id");
        if (id is null)
        {
            id = nextId();
            iq.SetAttributeValue("id", id);
        }

        var to = Jid.TryParse((string?)iq.Attribute("to"), out var toJid) ? toJid : null;
        var answer = Register(id, to);
        try
        {
            await enqueue(iq, cancellationToken).ConfigureAwait(false);
            return new IqResponse(await answer.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false));
        }
        catch (TimeoutException e)
        {
            throw new XmppTimeoutException($"No answer to IQ '{id}' ({iq.Elements().FirstOrDefault()?.Name.LocalName}) within {timeout}.", e);
        }
        finally
        {
            Remove(id);
        }
    }

    /// <summary>
    /// Completes the request the response answers. A response whose sender is not the addressee (RFC 6120 §8.1.2.1:
    /// no 'to' means our own server or bare JID) is not accepted, so a third party cannot spoof answers.
    /// </summary>
    public bool TryComplete(XElement response, Jid? self)
    {
        var id = (string?)response.Attribute("id");
        if (id is null || !_pending.TryGetValue(id, out var pending))
        {
            return false;
        }

        var from = Jid.TryParse((string?)response.Attribute("from"), out var parsed) ? parsed : null;
        var expected = pending.To;
        var ok = expected is null
            ? from is null || (self is not null && (from == self.Bare || from == self || (from.Local is null && from.Domain == self.Domain)))
            : from == expected || (from is null && self is not null && expected == self.Bare);
        if (!ok || !_pending.TryRemove(id, out _))
        {
            return false;
        }

        pending.Completion.TrySetResult(response);
        return true;
    }

    public void FailAll(Exception cause)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var pending))
            {
                pending.Completion.TrySetException(cause);
            }
        }
    }

    private sealed record Pending(Jid? To, TaskCompletionSource<XElement> Completion);
}
