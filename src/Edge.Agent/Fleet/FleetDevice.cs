using Edge.Agent.Publishing;
using Edge.Iot;
using Edge.Iot.Concentrator;
using Edge.Iot.Control;
using Edge.Iot.SensorData;
using Edge.Things;
using Edge.Things.Control;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Fleet;

/// <summary>
/// One simulated device of a fleet, composed from the agent's own pieces without a host: its own
/// <see cref="XmppClient"/> (own account, reconnect with jittered backoff), the agent's <see cref="NodePublisher"/> and
/// node names (<see cref="NodeNames"/>), XEP-0323 <c>fields</c> payloads with the sampling time as item id, and the
/// XEP-0323 readout, XEP-0325 control and XEP-0326 concentrator handlers over its own node tree
/// (<see cref="IThingProvider"/>, FleetDevice.Things.cs): the shared sensors and its own relays.
/// <para>
/// Durability: none beyond memory. Readings wait in a queue of at most <see cref="FleetOptions.QueueLength"/> while the
/// device cannot publish (oldest dropped and counted beyond); a reading the server refuses is dropped and counted. No
/// outbox, no history, no settings file: a fleet is a load and test tool, and a restart starts it afresh.
/// </para>
/// </summary>
public sealed partial class FleetDevice : IAsyncDisposable
{
    private readonly XmppClient _client;
    private readonly NodePublisher _publisher;
    private readonly FleetSensors _sensors;
    private readonly FleetOptions _fleet;
    private readonly PublishOptions _pubsub;
    private readonly ILogger _logger;
    private readonly Queue<Reading> _queue = new();
    private readonly SensorDataServer _readout;
    private readonly CancellationTokenSource _stop = new();
    private int _flushing;
    private int _refusalLogged;
    private long _published;
    private long _refused;
    private long _dropped;

    public FleetDevice(XmppClientOptions xmpp, FleetSensors sensors, FleetOptions fleet, AgentOptions agent, IAccessPolicy policy,
        TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(xmpp);
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(loggers);
        _sensors = sensors;
        _fleet = fleet;
        _pubsub = agent.PubSub;
        _maxAge = agent.ReadoutMaxAge;
        _time = time;
        _started = time.GetUtcNow();
        _logger = loggers.CreateLogger("Edge.Agent.Fleet");
        _client = new XmppClient(xmpp, loggers, time);
        _publisher = new NodePublisher(_client, new PubSubClient(_client), agent.PubSub, _logger);
        (_relays, _root) = BuildTree(sensors);

        // Handlers before the first login, as the agent's IotService registers them: the first caps hash lists them.
        _readout = SensorDataServer.Register(_client, this, policy, null, time, loggers.CreateLogger("Edge.Iot.SensorData"));
        ControlServer.Register(_client, this, policy, loggers.CreateLogger("Edge.Iot.Control"), time);
        ConcentratorServer.Register(_client, this, policy, loggers.CreateLogger("Edge.Iot.Concentrator"), isReadable: _ => true);

        // What waited while the device was away goes out at once, not at its next slot.
        _client.Connected += (_, _) => Flush();
    }

    public XmppClient Client => _client;

    public Jid Jid => _client.Jid;

    public bool IsConnected => _client.State == XmppClientState.Connected;

    /// <summary>Readings the server acknowledged.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Readings the server refused (dropped: a fleet keeps no parking file).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Readings dropped because the queue was full (the device could not publish for a while).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Readings waiting to be published.</summary>
    public int Queued
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues one sampling cycle: the shared sensor readings, then this device's relay states.</summary>
    public void Enqueue(IReadOnlyList<Reading> shared, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(shared);
        lock (_queue)
        {
            foreach (var reading in shared)
            {
                Add(reading);
            }

            foreach (var relay in _relays)
            {
                Add(new Reading(relay.Reference, timestamp, RelayFields(relay, timestamp), _sensors.NextSequence()));
            }
        }

        void Add(Reading reading)
        {
            if (_queue.Count >= _fleet.QueueLength)
            {
                _queue.Dequeue();
                Interlocked.Increment(ref _dropped);
            }

            _queue.Enqueue(reading);
        }
    }

    /// <summary>Starts <see cref="FlushAsync"/> without waiting for it (the shared timer's way); a failure is logged.</summary>
    public void Flush() => _ = FlushLoggedAsync();

    private async Task FlushLoggedAsync()
    {
        try
        {
            await FlushAsync(_stop.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // one device's bug must not end the fleet's timer: logged, and the next slot tries again
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.FleetFlushFailed(_logger, _client.Jid.ToString(), e);
        }
    }

    /// <summary>
    /// Publishes what is queued, a window at a time, while connected; returns at once when a flush is already running.
    /// A reading leaves the queue once the server acknowledged or refused it; one cut by a lost connection or a timeout
    /// stays for the next flush.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _flushing, 1) != 0)
        {
            return;
        }

        try
        {
            while (IsConnected && !cancellationToken.IsCancellationRequested)
            {
                Reading[] batch;
                lock (_queue)
                {
                    batch = [.. _queue.Take(_fleet.Window)];
                }

                if (batch.Length == 0)
                {
                    return;
                }

                var done = await Task.WhenAll(batch.Select(r => PublishAsync(r, cancellationToken))).ConfigureAwait(false);
                lock (_queue)
                {
                    // The queue only grows at its tail meanwhile (or lost its head to overflow): remove the finished head.
                    var finished = batch.Where((_, i) => done[i]).ToHashSet(ReferenceEqualityComparer.Instance);
                    while (_queue.Count > 0 && finished.Contains(_queue.Peek()))
                    {
                        _queue.Dequeue();
                    }
                }

                if (!done.All(d => d))
                {
                    return; // connection trouble: the next flush after the reconnect sends the rest
                }
            }
        }
        finally
        {
            Volatile.Write(ref _flushing, 0);
        }
    }

    /// <summary>Publishes one reading; true when it is done with (acknowledged, or refused and dropped).</summary>
    private async Task<bool> PublishAsync(Reading reading, CancellationToken cancellationToken)
    {
        var node = NodeNames.For(_pubsub, _client.Jid, reading.Node.NodeId);
        var itemId = NodeNames.ItemId(reading.Timestamp);
        try
        {
            var response = await _publisher.PublishAsync(node, itemId, new FieldsPayload(reading, seqnr: 0), cancellationToken)
                .ConfigureAwait(false);
            if (response.Error is null)
            {
                Interlocked.Increment(ref _published);
                return true;
            }

            Refuse(node, itemId, response.Error.ToString());
            return true;
        }
        catch (XmppStanzaErrorException e)
        {
            Refuse(node, itemId, e.Message);
            return true;
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Refuse(string node, string itemId, string error)
    {
        Interlocked.Increment(ref _refused);
        if (Interlocked.Exchange(ref _refusalLogged, 1) == 0)
        {
            Log.FleetPublishRefused(_logger, _client.Jid.ToString(), node, itemId, error); // once per device: a fleet is loud enough
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _readout.DisposeAsync().ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
