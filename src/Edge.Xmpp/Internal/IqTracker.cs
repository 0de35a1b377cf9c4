using System.Xml.Linq;

namespace Edge.Xmpp.Internal;

/// <summary>
/// Correlates IQ responses with requests: register before sending, complete on a response from the addressee,
/// time out, fail everything pending when the connection goes.
/// </summary>
/// <remarks>
/// Timeouts are one deadline sweep, not a timer per request: a single timer is armed for the earliest deadline and,
/// when it fires, fails every request past its deadline with <see cref="XmppTimeoutException"/> and re-arms for the
/// next. Requests share one timeout in practice, so a new one never moves the timer: a steady stream of IQs costs no
/// timer work at all.
/// </remarks>
internal sealed class IqTracker : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;
    private DateTimeOffset _sweepAt = DateTimeOffset.MaxValue;

    public IqTracker(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _sweep = _time.CreateTimer(static s => ((IqTracker)s!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Registers a request without a deadline (it ends by an answer, <see cref="Remove"/> or <see cref="FailAll"/>).</summary>
    public Task<XElement> Register(string id, Jid? to)
    {
        var pending = new TaskPending(id, to, null);
        Add(pending, null);
        return pending.Completion.Task;
    }

    /// <summary>
    /// Registers a request whose answer goes to <paramref name="onAnswer"/>, or <see cref="XmppTimeoutException"/>
    /// after <paramref name="timeout"/>, or the cause of <see cref="FailAll"/>. The callback runs on the thread that
    /// completes it (the receive loop for an answer): it must be short and must not throw.
    /// </summary>
    public void Register(string id, Jid? to, XName? payload, TimeSpan timeout, Action<IqResponse?, Exception?> onAnswer) =>
        Add(new CallbackPending(id, to, payload, onAnswer), timeout);

    public void Remove(string id)
    {
        lock (_lock)
        {
            _pending.Remove(id);
        }
    }

    /// <summary>
    /// Sends an IQ get/set through <paramref name="enqueue"/> and waits for its answer from the addressee: registered
    /// before it is sent, removed however it ends. No answer within <paramref name="timeout"/> throws
    /// <see cref="XmppTimeoutException"/>; a peer error is returned as data. The IQ gets an id from
    /// <paramref name="nextId"/> when it has none.
    /// </summary>
    public async Task<IqResponse> AskAsync(XElement iq, Func<string> nextId, Func<XElement, CancellationToken, Task> enqueue,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iq);
        var id = EnsureId(iq, nextId);
        var pending = new TaskPending(id, Addressee(iq), iq.Elements().FirstOrDefault()?.Name);
        Add(pending, timeout);
        try
        {
            await enqueue(iq, cancellationToken).ConfigureAwait(false);
            return new IqResponse(await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            Remove(id);
        }
    }

    /// <summary>As <see cref="AskAsync(XElement, Func{string}, Func{XElement, CancellationToken, Task}, TimeSpan, CancellationToken)"/>, for an IQ that writes itself (it has its id).</summary>
    public async Task<IqResponse> AskAsync(OutgoingIq iq, Func<OutgoingStanza, CancellationToken, Task> enqueue, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(iq);
        var pending = new TaskPending(iq.Id, iq.To, iq.Payload.Name);
        Add(pending, timeout);
        try
        {
            await enqueue(iq, cancellationToken).ConfigureAwait(false);
            return new IqResponse(await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            Remove(iq.Id);
        }
    }

    /// <summary>The IQ's id, given one from <paramref name="nextId"/> when it has none.</summary>
    public static string EnsureId(XElement iq, Func<string> nextId)
    {
        ArgumentNullException.ThrowIfNull(iq);
        if ((string?)iq.Attribute("id") is { } id)
        {
            return id;
        }

        id = nextId();
        iq.SetAttributeValue("id", id);
        return id;
    }

    /// <summary>The IQ's 'to', or null (our own server or account) when it has none or it does not parse.</summary>
    public static Jid? Addressee(XElement iq) => Jid.TryParse((string?)iq.Attribute("to"), out var to) ? to : null;

    /// <summary>
    /// Completes the request the response answers. A response whose sender is not the addressee (RFC 6120 §8.1.2.1:
    /// no 'to' means our own server or bare JID) is not accepted, so a third party cannot spoof answers.
    /// </summary>
    public bool TryComplete(XElement response, Jid? self)
    {
        var id = (string?)response.Attribute("id");
        if (id is null)
        {
            return false;
        }

        Pending? pending;
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out pending))
            {
                return false;
            }

            var from = Jid.TryParse((string?)response.Attribute("from"), out var parsed) ? parsed : null;
            var expected = pending.To;
            var ok = expected is null
                ? from is null || (self is not null && (from == self.Bare || from == self || (from.Local is null && from.Domain == self.Domain)))
                : from == expected || (from is null && self is not null && expected == self.Bare);
            if (!ok)
            {
                return false;
            }

            _pending.Remove(id);
        }

        pending.Complete(response);
        return true;
    }

    /// <summary>Fails the requests among <paramref name="ids"/> still pending (their send failed) with <paramref name="cause"/>.</summary>
    public void Fail(IEnumerable<string> ids, Exception cause)
    {
        List<Pending> failed = [];
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (_pending.Remove(id, out var pending))
                {
                    failed.Add(pending);
                }
            }
        }

        foreach (var pending in failed)
        {
            pending.Fail(cause);
        }
    }

    public void FailAll(Exception cause)
    {
        Pending[] failed;
        lock (_lock)
        {
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var pending in failed)
        {
            pending.Fail(cause);
        }
    }

    public void Dispose() => _sweep.Dispose();

    private void Add(Pending pending, TimeSpan? timeout)
    {
        lock (_lock)
        {
            if (!_pending.TryAdd(pending.Id, pending))
            {
                throw new InvalidOperationException($"An IQ with id '{pending.Id}' is already pending.");
            }

            if (timeout is { } t && t != System.Threading.Timeout.InfiniteTimeSpan)
            {
                pending.Timeout = t;
                pending.Deadline = _time.GetUtcNow() + t;
                if (pending.Deadline < _sweepAt)
                {
                    Arm(pending.Deadline);
                }
            }
        }
    }

    /// <summary>Fails every request past its deadline, then arms the timer for the earliest deadline left.</summary>
    private void Sweep()
    {
        List<Pending>? expired = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var next = DateTimeOffset.MaxValue;
            foreach (var pending in _pending.Values)
            {
                if (pending.Deadline <= now)
                {
                    (expired ??= []).Add(pending);
                }
                else if (pending.Deadline < next)
                {
                    next = pending.Deadline;
                }
            }

            foreach (var pending in expired ?? [])
            {
                _pending.Remove(pending.Id);
            }

            _sweepAt = DateTimeOffset.MaxValue;
            if (next != DateTimeOffset.MaxValue)
            {
                Arm(next);
            }
        }

        foreach (var pending in expired ?? [])
        {
            pending.Fail(new XmppTimeoutException($"No answer to IQ '{pending.Id}' ({pending.Payload?.LocalName}) within {pending.Timeout}."));
        }
    }

    private void Arm(DateTimeOffset at)
    {
        _sweepAt = at;
        var due = at - _time.GetUtcNow();
        _sweep.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private abstract class Pending(string id, Jid? to, XName? payload)
    {
        public string Id { get; } = id;

        public Jid? To { get; } = to;

        public XName? Payload { get; } = payload;

        public TimeSpan Timeout { get; set; }

        public DateTimeOffset Deadline { get; set; } = DateTimeOffset.MaxValue;

        public abstract void Complete(XElement response);

        public abstract void Fail(Exception cause);
    }

    private sealed class TaskPending(string id, Jid? to, XName? payload) : Pending(id, to, payload)
    {
        public TaskCompletionSource<XElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Complete(XElement response) => Completion.TrySetResult(response);

        public override void Fail(Exception cause) => Completion.TrySetException(cause);
    }

    private sealed class CallbackPending(string id, Jid? to, XName? payload, Action<IqResponse?, Exception?> onAnswer)
        : Pending(id, to, payload)
    {
        public override void Complete(XElement response) => onAnswer(new IqResponse(response), null);

        public override void Fail(Exception cause) => onAnswer(null, cause);
    }
}
