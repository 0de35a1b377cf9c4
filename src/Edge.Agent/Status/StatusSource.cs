using System.Diagnostics;
using Edge.Agent.DemandResponse;
using Edge.Agent.Hosting;
using Edge.Agent.Iot;
using Edge.Agent.Outbox;
using Edge.Agent.Provisioning;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Edge.Hardware;
using Edge.Hardware.Gpio;
using Edge.Hardware.Profiles;
using Edge.Xmpp;
using Microsoft.Extensions.Hosting;

namespace Edge.Agent.Status;

/// <summary>
/// The one place that gathers the agent's state into an <see cref="AgentStatus"/>: the XMPP client's session and
/// counters and last failure, the outbox, the sampler and publisher, each sensor's last read (<see cref="SensorReader"/>), the
/// demand-response engine, the claim (provisioning.json) and the process. It follows the client's
/// connected/disconnected events from its construction (at host start) for the time connected and the sessions lost.
/// </summary>
public sealed class StatusSource : IDisposable
{
    private readonly XmppClient _client;
    private readonly DurableOutbox _outbox;
    private readonly SamplerService _sampler;
    private readonly PublisherService _publisher;
    private readonly SensorReader _reader;
    private readonly HardwareSet _hardware;
    private readonly DeviceSettings _settings;
    private readonly DemandResponseEngine _engine;
    private readonly AgentOptions _options;
    private readonly string? _provisioningFile;
    private readonly Func<IEnumerable<IHostedService>> _services;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private readonly Lock _lock = new();
    private DateTimeOffset? _connectedSince;
    private long _disconnects;
    private (DateTime Written, ClaimStatus Claim)? _claim;

    public StatusSource(XmppClient client, DurableOutbox outbox, SamplerService sampler, PublisherService publisher, SensorReader reader,
        HardwareSet hardware, DeviceSettings settings, DemandResponseEngine engine, AgentOptions options, string dataDirectory,
        Func<IEnumerable<IHostedService>> services, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _outbox = outbox;
        _sampler = sampler;
        _publisher = publisher;
        _reader = reader;
        _hardware = hardware;
        _settings = settings;
        _engine = engine;
        _options = options;
        _provisioningFile = options.Provisioning.Enabled ? Path.Combine(dataDirectory, ProvisioningState.FileName) : null;
        _services = services;
        _time = time;
        using (var process = Process.GetCurrentProcess())
        {
            _started = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }

        _client.Connected += OnConnected;
        _client.Disconnected += OnDisconnected;
        if (_client.State == XmppClientState.Connected)
        {
            _connectedSince = time.GetUtcNow();
        }
    }

    /// <summary>Takes a snapshot now.</summary>
    public AgentStatus Snapshot()
    {
        DateTimeOffset now = _time.GetUtcNow();
        return new AgentStatus(now, Connection(), Outbox(), new SamplerStatus(_settings.SampleInterval.Value, _sampler.LastSampleAt, _sampler.QueuedCount),
            new PublishingStatus(_publisher.PublishedCount, _publisher.FailedCount), _engine.Loads.Count > 0 ? _engine.Status : null,
            Sensors(), Claim(), ProcessNow(), ServiceHealth.FindProblem(_services(), null));
    }

    public void Dispose()
    {
        _client.Connected -= OnConnected;
        _client.Disconnected -= OnDisconnected;
    }

    private ConnectionStatus Connection()
    {
        XmppClientOptions o = _client.Options;
        bool up = _client.State == XmppClientState.Connected;
        var failure = _client.LastFailure;
        lock (_lock)
        {
            return new ConnectionStatus(_client.State.ToString().ToLowerInvariant(), up, (up ? _client.BoundJid : null)?.ToString() ?? _client.Jid.ToString(),
                $"{o.Host ?? _client.Jid.Domain}:{o.Port}", up && _client.IsEncrypted, up && _client.StreamManagementEnabled,
                up ? _connectedSince : null, failure?.Reason, failure?.At, _client.SessionCount, _client.ResumeCount, _disconnects,
                _client.StanzasReceived, _client.StanzasSent);
        }
    }

    private OutboxStatus Outbox()
    {
        // The oldest waiting reading: the lowest sequence over the nodes' first entries (sequences grow with time).
        long oldest = long.MaxValue;
        foreach (string node in _outbox.Nodes())
        {
            if (_outbox.TryGetNext(node, -1, out long sequence) && sequence < oldest)
            {
                oldest = sequence;
            }
        }

        DateTimeOffset? oldestAt = oldest != long.MaxValue && _outbox.TryRead(oldest, out var reading) ? reading.Timestamp : null;
        return new OutboxStatus(_outbox.Count, _outbox.Bytes, _options.Outbox.MaxEntries, _options.Outbox.MaxBytes, oldestAt,
            _outbox.Dropped, _outbox.Parked, _outbox.Degraded);
    }

    private List<SensorStatus> Sensors()
    {
        var list = new List<SensorStatus>(_hardware.Sensors.Count + _hardware.Relays.Count);
        foreach (ISensor sensor in _hardware.Sensors.Concat<ISensor>(_hardware.Relays))
        {
            SensorLastRead? last = _reader.Last(sensor);
            list.Add(new SensorStatus(sensor.Node.NodeId, sensor is Relay, last is { Fields.Count: > 0 } ? last.ReadAt : null,
                last?.Fields ?? [], last?.Errors ?? 0, last?.Error));
        }

        return list;
    }

    private ClaimStatus? Claim()
    {
        if (_provisioningFile is null)
        {
            return null;
        }

        // provisioning.json is the truth (ThingRegistration writes it on every change); parsed again only when it changed.
        DateTime written = File.GetLastWriteTimeUtc(_provisioningFile);
        lock (_lock)
        {
            if (_claim is { } cached && cached.Written == written)
            {
                return cached.Claim;
            }
        }

        ClaimStatus claim = ProvisioningState.TryLoad(_provisioningFile, out var state, out _)
            ? new ClaimStatus(state.State, state.IsOwned ? null : state.ClaimUri, state.Owner)
            : new ClaimStatus("not registered yet", null, null);
        lock (_lock)
        {
            _claim = (written, claim);
        }

        return claim;
    }

    private ProcessStatus ProcessNow()
    {
        var (peak, threads) = ProcessMemory.Read();
        return new(Environment.WorkingSet, peak, Environment.CpuUsage.TotalTime, _started) { Threads = threads, Gc = GcStatus.Now() };
    }

    private void OnConnected(object? sender, XmppConnectedEventArgs e)
    {
        lock (_lock)
        {
            _connectedSince = _time.GetUtcNow();
        }
    }

    private void OnDisconnected(object? sender, XmppDisconnectedEventArgs e)
    {
        lock (_lock)
        {
            _connectedSince = null;
            _disconnects++;
        }
    }
}
