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
