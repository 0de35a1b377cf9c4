using System.Threading.Channels;
using Edge.Agent.Outbox;
using Edge.Iot.SensorData;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Publishing;

/// <summary>
/// Drains the outbox to the pubsub service with a window of publishes in flight (<see cref="PublishOptions.Window"/>),
/// so a backlog drains at the server's speed rather than one item per round trip. The publisher owns the wire form:
/// a reading becomes an XEP-0323 <c>fields</c> payload on the node <see cref="NodeNames.For"/> names, with its
/// sampling time as the item id (a resend replaces, never duplicates). A reading leaves the outbox only after the
/// server's IQ result.
/// <para>
/// Each outbox node is a lane, sent in sequence order (one session's stanzas are handled in order, so the items arrive
/// in order). A refused item never blocks the others: its lane backs off (doubling from
/// <see cref="PublishOptions.RetryInitialDelay"/>) while other lanes go on, each failure is logged at Warning with the
/// server's condition and text, and after <see cref="PublishOptions.MaxAttempts"/> the item is parked
/// (<see cref="DurableOutbox.Park"/>). When the connection drops, the publishes in flight fail; every lane starts again
/// from its oldest waiting reading once the client is back.
/// </para>
/// </summary>
public sealed class PublisherService(XmppClient client, PubSubClient pubsub, DurableOutbox outbox, IOptions<AgentOptions> options,
    TimeProvider time, ILogger<PublisherService> logger) : BackgroundService
{
    private readonly PublishOptions _options = options.Value.PubSub;
    private readonly NodePublisher _nodes = new(client, pubsub, options.Value.PubSub, logger, KnownNodes.Load(
        Path.Combine(Path.GetFullPath(options.Value.DataDirectory), KnownNodes.FileName), NodePublisher.KnownNodesKey(client, options.Value.PubSub), logger));
    // Everything that wakes the pump comes through here: publish outcomes (handed on where the answer is read), new
    // readings in the outbox, the connection's loss. One wait, whatever the cause, and a burst of news is one wake.
    private readonly Channel<PumpEvent> _events = Channel.CreateUnbounded<PumpEvent>(new UnboundedChannelOptions { SingleReader = true });
    private long _published;
    private long _failed;

    /// <summary>Items the server acknowledged since start.</summary>
    public long PublishedCount => Interlocked.Read(ref _published);

    /// <summary>Publishes that failed since start (refused by the server, timed out, or cut by a lost connection); each is sent again.</summary>
    public long FailedCount => Interlocked.Read(ref _failed);

    /// <summary>Publishes in flight now.</summary>
    public int InFlight { get; private set; }

    /// <summary>
    /// The window in force: <see cref="PublishOptions.Window"/>, halved at each publish that timed out (a server
    /// slower than the window's worth of work per IQ timeout, or a congested link: resending at once would only add
    /// load — congestion collapse), grown back by one per acknowledged publish.
    /// </summary>
    public int Window { get; private set; } = options.Value.PubSub.Window;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await client.WaitForConnectedAsync(stoppingToken).ConfigureAwait(false);
                await PumpAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: an end, not a failure (see SamplerService).
        }
    }

    /// <summary>One connected stretch: fill the window, handle results, until the connection is lost.</summary>
    private async Task PumpAsync(CancellationToken token)
    {
        var lanes = new Dictionary<string, Lane>(StringComparer.Ordinal);

        // A signal, not a CancellationTokenSource: the client raises Disconnected on its own thread, and cancelling
        // there would run this pump's continuations inline, inside the client's disconnect handling.
        var lost = 0;
        void OnDisconnected(object? sender, XmppDisconnectedEventArgs e)
        {
            Volatile.Write(ref lost, 1);
            _events.Writer.TryWrite(News.Instance);
        }

        void OnAppended(object? sender, EventArgs e) => _events.Writer.TryWrite(News.Instance);
        client.Disconnected += OnDisconnected;
        outbox.Appended += OnAppended;
        try
        {
            while (!token.IsCancellationRequested && client.State == XmppClientState.Connected && Volatile.Read(ref lost) == 0)
            {
                var now = time.GetUtcNow();
                await DispatchAsync(lanes, now, token).ConfigureAwait(false);
                await WaitForWorkAsync(lanes, now, token).ConfigureAwait(false);
                while (_events.Reader.TryRead(out var news))
                {
                    if (news is Completion completion)
                    {
                        Handle(completion, lanes);
                    }
                }
            }
        }
        finally
        {
            outbox.Appended -= OnAppended;
            client.Disconnected -= OnDisconnected;
        }

        // The publishes still in flight fail with the connection (their results are handled as they come, against
        // lanes that no longer exist); after the reconnect every lane starts again from its oldest waiting reading.
        if (Volatile.Read(ref lost) != 0 && outbox.Count > 0)
        {
            Log.PublishPaused(logger, "connection lost", outbox.Count);
        }
    }

    /// <summary>
    /// Sends the oldest sendable readings, oldest lane first, until the window is full. The publishes to nodes already
    /// set up go out as one batch (one write, one flush); their answers come back to the pump from the receive loop. A
    /// lane whose node is not set up yet sends its first reading on its own (<see cref="PublishOneAsync"/>).
    /// </summary>
    private async Task DispatchAsync(Dictionary<string, Lane> lanes, DateTimeOffset now, CancellationToken token)
    {
        IReadOnlyList<string>? nodes = null;
        List<IqRequest>? batch = null;
        while (InFlight < Window)
        {
            nodes ??= outbox.Nodes();
            Lane? best = null;
            long bestSequence = long.MaxValue;
            foreach (var node in nodes)
            {
                if (!lanes.TryGetValue(node, out var lane))
                {
                    lanes[node] = lane = new Lane(node, NodeNames.For(_options, client.Jid, node));
                }

                // Until its node is set up, a lane has one publish in flight: the set-up awaits would reorder several.
                if (lane.BlockedUntil <= now && (lane.InFlight == 0 || _nodes.IsReady(lane.PubSubNode))
                    && outbox.TryGetNext(node, lane.Cursor, out var sequence) && sequence < bestSequence)
                {
                    best = lane;
                    bestSequence = sequence;
                }
            }

            if (best is null)
            {
                break;
            }

            best.Cursor = bestSequence;
            if (!outbox.TryRead(bestSequence, out var reading))
            {
                continue; // acknowledged meanwhile, or unreadable (dropped with an error log)
            }

            InFlight++;
            best.InFlight++;
            if (_nodes.IsReady(best.PubSubNode))
            {
                (batch ??= []).Add(CreatePublish(best, bestSequence, reading, token));
            }
            else
            {
                _ = PublishOneAsync(best, bestSequence, reading, token);
            }
        }

        if (batch is not null)
        {
            await client.SendIqBatchAsync(batch, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One publish of a batch. Its answer is handed to the pump where it is read; only a refusal of the publish-options
    /// it carried leaves the receive loop, to publish it again (<see cref="NodePublisher.RecoverAsync"/>).
    /// </summary>
    private IqRequest CreatePublish(Lane lane, long sequence, Reading reading, CancellationToken token)
    {
        var node = lane.PubSubNode;
        var itemId = NodeNames.ItemId(reading.Timestamp);
        var payload = new FieldsPayload(reading, seqnr: 0);
        var iq = _nodes.CreatePublish(node, itemId, payload, out var withOptions);
        return new IqRequest(iq, (response, failure) =>
        {
            if (response is not null && !_nodes.IsFinal(node, withOptions, response))
            {
                _ = Task.Run(() => RecoverOneAsync(lane, sequence, itemId, payload, response, token), CancellationToken.None);
                return;
            }

            _events.Writer.TryWrite(new Completion(lane, sequence, node, itemId, response?.Error, failure));
        });
    }

    private Task RecoverOneAsync(Lane lane, long sequence, string itemId, FieldsPayload payload, IqResponse refused, CancellationToken token) =>
        CompleteAsync(lane, sequence, itemId, () => _nodes.RecoverAsync(lane.PubSubNode, itemId, payload, refused, token));

    private async Task PublishOneAsync(Lane lane, long sequence, Reading reading, CancellationToken token)
    {
        var node = lane.PubSubNode;
        var itemId = NodeNames.ItemId(reading.Timestamp);
        await CompleteAsync(lane, sequence, itemId, async () =>
        {
            if (!_nodes.IsReady(node))
            {
                // Tell the pump once the node is set up, so the lane's next readings follow this one at once.
                await _nodes.PrepareAsync(node, token).ConfigureAwait(false);
                _events.Writer.TryWrite(new Completion(lane, -1, node, itemId, null, null));
            }

            return await _nodes.PublishAsync(node, itemId, new FieldsPayload(reading, seqnr: 0), token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Runs a publish and hands its outcome to the pump, whatever it is.</summary>
    private async Task CompleteAsync(Lane lane, long sequence, string itemId, Func<Task<IqResponse>> publish)
    {
        var node = lane.PubSubNode;
        Completion completion;
        try
        {
            var response = await publish().ConfigureAwait(false);
            completion = new Completion(lane, sequence, node, itemId, response.Error, null);
        }
        catch (XmppStanzaErrorException e)
        {
            completion = new Completion(lane, sequence, node, itemId, e.Error ?? new StanzaError("cancel", "undefined-condition", e.Message), null);
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException)
        {
            completion = new Completion(lane, sequence, node, itemId, null, e);
        }
#pragma warning disable CA1031 // every publish must come back to the pump, or its lane and the window stall for good
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.PublishCrashed(logger, node, itemId, e);
            completion = new Completion(lane, sequence, node, itemId, null, e);
        }

        _events.Writer.TryWrite(completion);
    }

    private void Handle(Completion c, Dictionary<string, Lane> lanes)
    {
        if (c.Sequence < 0)
        {
            return; // the lane's node is ready: the pump dispatches again
        }

        InFlight--;
        c.Lane.InFlight--;
        var current = lanes.TryGetValue(c.Lane.Node, out var lane) && ReferenceEquals(lane, c.Lane);
        if (c.Error is null && c.Failure is null)
        {
            Window = Math.Min(_options.Window, Window + 1);
            if (outbox.Remove(c.Sequence))
            {
                Interlocked.Increment(ref _published);
                Log.Published(logger, c.Node, c.ItemId);
            }

            if (current && c.Lane.FailedSequence == c.Sequence)
            {
                c.Lane.FailedSequence = -1;
                c.Lane.Attempts = 0;
            }

            return;
        }

        Interlocked.Increment(ref _failed);
        if (!current)
        {
            return; // a lane of a connection that is gone; the next one sends the reading again
        }

        // Send this reading again before any later one of its node.
        c.Lane.Cursor = Math.Min(c.Lane.Cursor, c.Sequence - 1);
        if (c.Failure is not null)
        {
            if (c.Failure is XmppTimeoutException && Window > 1)
            {
                Window /= 2;
                Log.PublishWindowShrunk(logger, Window, _options.Window);
            }

            return; // the connection went (the pump ends) or the IQ timed out (sent again, within the window)
        }

        var error = c.Error!;
        c.Lane.Attempts = c.Lane.FailedSequence == c.Sequence ? c.Lane.Attempts + 1 : 1;
        c.Lane.FailedSequence = c.Sequence;
        if (c.Lane.Attempts >= _options.MaxAttempts)
        {
            outbox.Park(c.Sequence);
            Log.PublishParked(logger, c.Node, c.ItemId, c.Lane.Attempts, error.ToString(), outbox.ParkedFile, outbox.Parked);
            c.Lane.Attempts = 0;
            c.Lane.FailedSequence = -1;
            return;
        }

        var delay = RetryDelay(c.Lane.Attempts);
        c.Lane.BlockedUntil = time.GetUtcNow() + delay;
        Log.PublishFailed(logger, c.Node, c.ItemId, c.Lane.Attempts, error.ToString(), delay);
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var delay = _options.RetryInitialDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay > _options.RetryMaxDelay ? _options.RetryMaxDelay : delay;
    }

    /// <summary>Waits for news (a result, new readings, the connection's loss) or the end of a lane's backoff.</summary>
    private async Task WaitForWorkAsync(Dictionary<string, Lane> lanes, DateTimeOffset now, CancellationToken token)
    {
        var blocked = DateTimeOffset.MaxValue;
        foreach (var lane in lanes.Values)
        {
            if (lane.BlockedUntil > now && lane.BlockedUntil < blocked)
            {
                blocked = lane.BlockedUntil;
            }
        }

        if (blocked == DateTimeOffset.MaxValue)
        {
            await _events.Reader.WaitToReadAsync(token).ConfigureAwait(false);
            return;
        }

        // A lane backs off after a refusal: the one case with a timer.
        using var backoff = new CancellationTokenSource(blocked - now, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(token, backoff.Token);
        try
        {
            await _events.Reader.WaitToReadAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // the backoff is over
        }
    }

    /// <summary>One outbox node's publishing state within a connected stretch.</summary>
    private sealed class Lane(string node, string pubSubNode)
    {
        public string Node { get; } = node;

        public string PubSubNode { get; } = pubSubNode;

        /// <summary>The highest sequence number sent; the next send is the oldest waiting reading above it.</summary>
        public long Cursor { get; set; } = -1;

        public int InFlight { get; set; }

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

        public long FailedSequence { get; set; } = -1;

        public int Attempts { get; set; }
    }

    /// <summary>What wakes the pump.</summary>
    private abstract record PumpEvent;

    /// <summary>A publish ended (or, with sequence -1, a lane's node is set up).</summary>
    private sealed record Completion(Lane Lane, long Sequence, string Node, string ItemId, StanzaError? Error, Exception? Failure) : PumpEvent;

    /// <summary>New readings in the outbox, or the connection lost: look again.</summary>
    private sealed record News : PumpEvent
    {
        public static readonly News Instance = new();
    }
}
