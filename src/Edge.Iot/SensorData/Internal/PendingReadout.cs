using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.SensorData.Internal;

/// <summary>
/// One accepted readout of <see cref="SensorDataServer"/>, keyed by (requester full JID, seqnr): queued until its
/// <c>when</c>, or running. Sends go through a gate that a cancel also takes, so after the <c>cancelled</c> answer
/// nothing more of this readout is queued.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "CompleteAsync, always called when the readout ends, disposes the token source; the semaphore never allocates a wait handle.")]
internal sealed class PendingReadout
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _completed;

    public PendingReadout(Jid requester, ReadoutRequest request, IReadOnlyList<ThingNode> nodes, DateTimeOffset? due)
    {
        Requester = requester;
        Request = request;
        Nodes = nodes;
        Due = due;
        Token = _cancel.Token;
    }

    public Jid Requester { get; }

    public ReadoutRequest Request { get; }

    public int SeqNr => Request.SeqNr;

    public (Jid, int) Key => (Requester, Request.SeqNr);

    public IReadOnlyList<ThingNode> Nodes { get; }

    /// <summary>When a queued readout starts; null = at once.</summary>
    public DateTimeOffset? Due { get; }

    /// <summary>Cancelled by a cancel request or the server's disposal.</summary>
    public CancellationToken Token { get; }

    /// <summary>Completes when the readout has ended (done, failed, cancelled or dropped).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Queues <paramref name="message"/> on <paramref name="client"/> unless the readout was cancelled (then throws OperationCanceledException).</summary>
    public async Task SendAsync(XmppClient client, OutgoingMessage message)
    {
        await _gate.WaitAsync(Token).ConfigureAwait(false);
        try
        {
            Token.ThrowIfCancellationRequested();
            await client.SendAsync(message, Token).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cancels: waits for a send in progress, then no further send starts.</summary>
    public async Task CancelAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_completed)
            {
                await _cancel.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Marks the readout ended (idempotent) and releases its token source.</summary>
    public async Task CompleteAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_completed)
            {
                _completed = true;
                _cancel.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }

        _completion.TrySetResult();
    }
}
