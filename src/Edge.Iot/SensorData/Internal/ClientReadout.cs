using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.SensorData.Internal;

/// <summary>
/// One readout <see cref="SensorDataClient"/> waits for: matched by the device's JID and the seqnr, it collects
/// the fields per node and the failures until the device says done (or the readout is cancelled).
/// </summary>
/// <remarks>
/// Progress is reported in wire order: messages are handled on the receive loop, but the IQ answer completes the
/// sender's await on another thread, so a message right behind the <c>accepted</c> answer can be handled first.
/// Events of messages handled before the answer are held back and reported after the Accepted/Queued event.
/// </remarks>
internal sealed class ClientReadout
{
    private readonly Lock _lock = new();
    private readonly IProgress<ReadoutEvent>? _progress;
    private readonly TimeProvider _time;
    private readonly List<ThingReference> _order = [];
    private readonly Dictionary<ThingReference, List<Field>> _fields = [];
    private readonly List<ReadoutError> _failures = [];
    private readonly TaskCompletionSource<ReadoutOutcome> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _reportLock = new();
    private List<ReadoutEvent>? _beforeAnswer = [];
    private bool _reportedDone;
    private bool _queued;

    public ClientReadout(Jid device, int seqNr, IProgress<ReadoutEvent>? progress, TimeProvider time)
    {
        Device = device;
        SeqNr = seqNr;
        _progress = progress;
        _time = time;
        LastActivity = time.GetUtcNow();
    }

    public Jid Device { get; }

    public int SeqNr { get; }

    /// <summary>When the device was last heard from about this readout (or the request was made).</summary>
    public DateTimeOffset LastActivity { get; private set; }

    public Task<ReadoutOutcome> Ended => _ended.Task;

    /// <summary>
    /// Whether <paramref name="sender"/> speaks for <see cref="Device"/>: the same JID, or any resource of it when the
    /// request went to a bare JID.
    /// </summary>
    public bool Matches(Jid sender) => sender == Device || (Device.IsBare && sender.Bare == Device);

    /// <summary>The IQ answer was a result (with <c>accepted</c>, or without: accepted assumed).</summary>
    public void OnAccepted(bool queued)
    {
        lock (_lock)
        {
            _queued = queued;
            Touch();
        }

        lock (_reportLock)
        {
            var held = _beforeAnswer ?? [];
            _beforeAnswer = null;
            Emit(new ReadoutEvent(queued ? ReadoutEventKind.Queued : ReadoutEventKind.Accepted, SeqNr, [], []));
            foreach (var e in held)
            {
                Emit(e);
            }
        }
    }

    public void OnStarted()
    {
        lock (_lock)
        {
            Touch();
        }

        Report(ReadoutEventKind.Started, [], []);
    }

    public void OnFields(FieldsMessage message)
    {
        lock (_lock)
        {
            Touch();
            foreach (var reading in message.Nodes)
            {
                if (!_fields.TryGetValue(reading.Node, out var list))
                {
                    _fields[reading.Node] = list = [];
                    _order.Add(reading.Node);
                }

                list.AddRange(reading.Fields);
            }
        }

        Report(ReadoutEventKind.Fields, message.Nodes, []);
        if (message.Done)
        {
            End(ReadoutOutcome.Done);
        }
    }

    public void OnFailure(FailureMessage message)
    {
        lock (_lock)
        {
            Touch();
            _failures.AddRange(message.Errors);
        }

        Report(ReadoutEventKind.Failure, [], message.Errors);
        if (message.Done)
        {
            End(ReadoutOutcome.Done);
        }
    }

    public void OnDone() => End(ReadoutOutcome.Done);

    public void OnCancelled() => _ended.TrySetResult(ReadoutOutcome.Cancelled);

    public ReadoutResult ToResult(ReadoutOutcome outcome)
    {
        lock (_lock)
        {
            var readings = _order.Select(node =>
            {
                var fields = _fields[node].ToArray();
                return new Reading(node, fields.Length == 0 ? DateTimeOffset.MinValue : fields.Max(f => f.Timestamp), fields, 0);
            }).ToArray();
            return new ReadoutResult(SeqNr, outcome, _queued, readings, [.. _failures]);
        }
    }

    private void End(ReadoutOutcome outcome)
    {
        if (_ended.TrySetResult(outcome))
        {
            Report(ReadoutEventKind.Done, [], []);
        }
    }

    private void Touch() => LastActivity = _time.GetUtcNow();

    private void Report(ReadoutEventKind kind, IReadOnlyList<Reading> readings, IReadOnlyList<ReadoutError> errors)
    {
        var e = new ReadoutEvent(kind, SeqNr, readings, errors);
        lock (_reportLock)
        {
            if (_beforeAnswer is not null)
            {
                _beforeAnswer.Add(e);
            }
            else
            {
                Emit(e);
            }
        }
    }

    /// <summary>Reports an event (under the report lock), nothing after Done.</summary>
    private void Emit(ReadoutEvent e)
    {
        if (_reportedDone)
        {
            return;
        }

        _reportedDone = e.Kind == ReadoutEventKind.Done;
        _progress?.Report(e);
    }
}
