using System.Threading.Channels;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Edge.Xmpp.Internal;

/// <summary>
/// One established stream, the part a client (<see cref="XmppClient"/>) and an external component
/// (<see cref="Component.XmppComponent"/>) share: a receive loop that frames first-level elements and hands each to
/// <see cref="RouteAsync"/>, a writer loop that is the connection's only writer (batches from one bounded queue, one
/// flush a batch), any side loop the owner adds (the client's liveness ping), and the one way out: the first failure
/// ends every loop, once, and is the session's <see cref="Ended"/> cause.
/// </summary>
/// <remarks>
/// What differs is in the subclasses' overrides: how an element is routed (the client's XEP-0198 nonzas and counters,
/// the component's <c>jabber:component:accept</c> namespace), how a queued stanza is written (the client's XEP-0198
/// tracking; the component's namespace and 'from', XEP-0114 §3), when the writer asks for acks and what it writes
/// before the end of the stream. Closing follows RFC 6120 §4.4: a graceful close sends what is queued, then
/// <c>&lt;/stream:stream&gt;</c>; malformed or hostile input is answered with a stream error (§4.9) through the same
/// writer, then the end of the stream.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "CloseAsync, always called when a session ends, disposes it.")]
internal abstract class StreamSession
{
    // Each entry is one write's worth of stanzas (one sender's batch): they leave in one flush, as one TLS write.
    private readonly Channel<OutgoingStanza[]> _outbound = Channel.CreateBounded<OutgoingStanza[]>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<Exception> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private Task _loops = Task.CompletedTask;
    private Task _writer = Task.CompletedTask;
    private bool _closing;
    private long _framesReceived;

    protected StreamSession(XmppConnection connection, ILogger logger)
    {
        Connection = connection;
        _logger = logger;
    }

    public XmppConnection Connection { get; }

    /// <summary>A graceful close began: the queue takes nothing more, the stream ends after what is queued.</summary>
    public bool Closing => Volatile.Read(ref _closing);

    /// <summary>Completes with the cause of the session's end (the first failure, or the close).</summary>
    public Task<Exception> Ended => _ended.Task;

    /// <summary>Frames of any kind read on this connection so far: a sign of life.</summary>
    protected long FramesReceived => Volatile.Read(ref _framesReceived);

    /// <summary>The queue the writer loop drains (read by a subclass only once the loops have stopped).</summary>
    protected ChannelReader<OutgoingStanza[]> Outbound => _outbound.Reader;

    /// <summary>Starts the receive loop, the writer loop and the side loop, if any.</summary>
    public void Start()
    {
        _writer = Task.Run(() => GuardAsync(WriteLoopAsync));
        var receiver = Task.Run(() => GuardAsync(ReceiveLoopAsync));
        _loops = HasSideLoop
            ? Task.WhenAll(receiver, _writer, Task.Run(() => GuardAsync(SideLoopAsync)))
            : Task.WhenAll(receiver, _writer);
    }

    public Task EnqueueAsync(XElement stanza, CancellationToken cancellationToken) => EnqueueAsync([OutgoingStanza.From(stanza)], cancellationToken);

    public Task EnqueueAsync(OutgoingStanza stanza, CancellationToken cancellationToken) => EnqueueAsync([stanza], cancellationToken);

    /// <summary>Queues stanzas that go out together: the writer takes them in one piece, so one flush sends them all.</summary>
    public async Task EnqueueAsync(OutgoingStanza[] batch, CancellationToken cancellationToken)
    {
        try
        {
            await _outbound.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new XmppConnectionException(ConnectionFailure.NotConnected, "The connection is closing.", e);
        }
    }

    /// <summary>Ends the session with <paramref name="cause"/> (the first call wins): stops the loops, aborts the transport.</summary>
    public void Fail(Exception cause)
    {
        if (_ended.TrySetResult(cause))
        {
            _outbound.Writer.TryComplete();
            _stop.Cancel();
            Connection.Transport.Abort();
        }
    }

    /// <summary>
    /// Ends the session: graceful sends what is queued and closes the stream (RFC 6120 §4.4; bounded at 5 s), otherwise
    /// aborts; then waits for the loops and disposes the connection.
    /// </summary>
    public async Task CloseAsync(bool graceful)
    {
        if (graceful && !_ended.Task.IsCompleted)
        {
            Volatile.Write(ref _closing, true);
            _outbound.Writer.TryComplete();
            try
            {
                await _loops.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }

        Fail(new XmppConnectionException(ConnectionFailure.NotConnected, "The session was closed."));
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or XmppException)
        {
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>The receive, writer and side loops together (completed once all have stopped).</summary>
    protected Task Loops => _loops;

    /// <summary>Handles one first-level element other than the end of the stream or a stream error.</summary>
    protected abstract Task RouteAsync(XElement element, CancellationToken token);

    /// <summary>Serialises one queued element (the writer loop's only way to the wire, besides its own nonzas).</summary>
    protected virtual void Write(OutgoingStanza stanza) => Connection.Write(stanza);

    /// <summary>Waits until the queue has something (true) or is completed (false).</summary>
    protected virtual ValueTask<bool> WaitToWriteAsync(ChannelReader<OutgoingStanza[]> queue, CancellationToken token) =>
        queue.WaitToReadAsync(token);

    /// <summary>After a batch is serialised, before its flush (<paramref name="severalAtOnce"/>: a sender's batch was in it).</summary>
    protected virtual void OnBatchWritten(bool severalAtOnce)
    {
    }

    /// <summary>After the queue completed, before the end of our stream.</summary>
    protected virtual Task OnStreamEndingAsync(CancellationToken token) => Task.CompletedTask;

    /// <summary>Whether <see cref="SideLoopAsync"/> runs beside the receive and writer loops.</summary>
    protected virtual bool HasSideLoop => false;

    /// <summary>A third loop with the session's lifetime (its failure ends the session like the others').</summary>
    protected virtual Task SideLoopAsync(CancellationToken token) => Task.CompletedTask;

    private async Task GuardAsync(Func<CancellationToken, Task> loop)
    {
        try
        {
            await loop(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (XmppProtocolException e)
        {
            await CloseWithStreamErrorAsync(e).ConfigureAwait(false);
            Fail(e);
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>
    /// Answers hostile or malformed input with a stream error and closes our stream (RFC 6120 §4.9.1.1). The error goes
    /// through the writer loop (the only writer), after anything already queued; only if the queue is full is it written
    /// directly, the session being lost anyway.
    /// </summary>
    private async Task CloseWithStreamErrorAsync(XmppProtocolException e)
    {
        var error = new XElement(XmppNamespaces.Streams + "error", new XElement(XmppNamespaces.StreamErrors + e.StreamErrorCondition));
        if (_outbound.Writer.TryWrite([OutgoingStanza.From(error)]) && _outbound.Writer.TryComplete())
        {
            Log.SendingStreamError(_logger, e.StreamErrorCondition, e.Message);
            try
            {
                await _writer.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
        else
        {
            await Connection.SendStreamErrorAsync(e.StreamErrorCondition, e.Message).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken token)
    {
        while (true)
        {
            var (kind, element) = await Connection.ReadAsync(token).ConfigureAwait(false);
            Interlocked.Increment(ref _framesReceived);
            if (kind == FrameKind.StreamEnd)
            {
                throw new XmppConnectionException(ConnectionFailure.StreamError, "The server closed the stream.");
            }

            if (element!.Name == XmppNamespaces.Streams + "error")
            {
                throw XmppConnection.StreamErrorFrom(element);
            }

            await RouteAsync(element, token).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationToken token)
    {
        var queue = _outbound.Reader;
        while (await WaitToWriteAsync(queue, token).ConfigureAwait(false))
        {
            // Everything queued goes out as one batch: serialised into the transport's buffer, then one flush (one
            // socket/TLS write for the lot, rather than one per stanza). Not past the session's end: what is still
            // queued then stays for the owner to take (the client's next session sends it).
            var severalAtOnce = false; // a sender's batch of stanzas (a sampling cycle's publishes) is in this write
            while (!token.IsCancellationRequested && queue.TryRead(out var batch))
            {
                severalAtOnce |= batch.Length > 1;
                foreach (var stanza in batch)
                {
                    Write(stanza);
                }

                // A long queue (a backlog replayed) goes out as it is written, not held whole in the buffer.
                if (Connection.BufferedBytes >= FrameWriter.FlushThresholdBytes)
                {
                    await Connection.FlushAsync(token).ConfigureAwait(false);
                }
            }

            OnBatchWritten(severalAtOnce);
            await Connection.FlushAsync(token).ConfigureAwait(false);
        }

        // Completed for a graceful close or after a stream error: our stream ends here (RFC 6120 §4.4).
        await OnStreamEndingAsync(token).ConfigureAwait(false);
        await Connection.WriteStreamEndAsync(token).ConfigureAwait(false);
    }
}
