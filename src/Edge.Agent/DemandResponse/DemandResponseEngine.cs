using System.Globalization;
using System.Text.Json;
using Edge.Agent.Iot;
using Edge.Hardware.Gpio;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// Event shedding. While an event is active (<see cref="DeviceSettings.LoadShedding"/> set and
/// <see cref="DeviceSettings.ShedUntil"/> in the future) the non-essential managed loads with a shed priority up to
/// the event's depth (<see cref="DeviceSettings.ShedPriority"/>) are switched off, lowest priority number first. When
/// the event ends, or the depth drops below a load's priority, each load the engine shed gets a restore time: the
/// event's end plus a random offset inside <see cref="DemandResponseOptions.RestoreWindow"/>, so a fleet does not
/// switch back on at once. A load that was already off when the event began is not the engine's and stays off.
/// Every switching goes through <see cref="Relay.TrySwitch"/>; a refusal is retried when its
/// <see cref="RelaySwitchResult.RetryAfter"/> says, never forced. The loads it holds shed (and their restore times)
/// are persisted, so a restart mid-event keeps them shed and an event that ended while the agent was down is restored
/// at start. <see cref="Evaluate"/> is one pass; <see cref="DemandResponseService"/> calls it when a setting changes
/// and when the returned delay has passed.
/// </summary>
public sealed class DemandResponseEngine
{
    private readonly IReadOnlyList<ManagedLoad> _loads;
    private readonly DeviceSettings _settings;
    private readonly DemandResponseOptions _options;
    private readonly DemandResponseStateFile _file;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly List<ShedRecord> _shed = [];
    private bool _eventActive;

    /// <param name="loads">The managed loads (<see cref="ManagedLoad.From"/>).</param>
    /// <param name="settings">The device settings carrying the event.</param>
    /// <param name="options">The restore window.</param>
    /// <param name="stateFile">Where the engine keeps what it shed (<c>{DataDirectory}/demand-response.json</c>).</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="random">The source of restore offsets (tests pass a seeded one).</param>
    public DemandResponseEngine(IReadOnlyList<ManagedLoad> loads, DeviceSettings settings, DemandResponseOptions options,
        string stateFile, TimeProvider time, ILogger logger, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(loads);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(stateFile);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _loads = [.. loads.OrderBy(l => l.Role.ShedPriority)]; // stable: profile order within a priority
        _settings = settings;
        _options = options;
        _file = new DemandResponseStateFile(stateFile);
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared;
        LoadState();
    }

    /// <summary>The engine's state as of its last pass.</summary>
    public DemandResponseStatus Status
    {
        get
        {
            lock (_lock)
            {
                return new DemandResponseStatus(_eventActive, [.. _shed.Select(r => r.Node)],
                    _shed.Where(r => r.RestoreAt is not null).Select(r => r.RestoreAt).Min());
            }
        }
    }

    /// <summary>
    /// Whether the engine holds the load <paramref name="nodeId"/> off, and why: it shed the load (until restored), or
    /// an active event covers the load's priority (a load that was already off when the event began is not shed by
    /// the engine, but switching it on would only have it shed again: refused as well, so there is no silent fight).
    /// </summary>
    public bool TryGetHold(string nodeId, out string reason)
    {
        lock (_lock)
        {
            if (_shed.Find(r => r.Node == nodeId) is { } record)
            {
                reason = Describe(record);
                return true;
            }

            DateTimeOffset until = _settings.ShedUntil.Value;
            int depth = _settings.ShedPriority.Value;
            if (_settings.LoadShedding.Value && until > _time.GetUtcNow()
                && _loads.FirstOrDefault(l => l.NodeId == nodeId) is { Role.Essential: false } load
                && load.Role.ShedPriority <= depth)
            {
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"a demand-response event until {until:O} asks loads of priority up to {depth} off (this load: {load.Role.ShedPriority})");
                return true;
            }

            reason = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// One pass: sheds what the active event asks for, schedules and performs restores, retries refused switchings.
    /// Returns how long until the next pass is needed (an event's end, a restore time, a retry), or null for none.
    /// </summary>
    public TimeSpan? Evaluate()
    {
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            bool shedding = _settings.LoadShedding.Value;
            DateTimeOffset until = _settings.ShedUntil.Value;
            int depth = _settings.ShedPriority.Value;
            bool active = shedding && until > now;
            if (active != _eventActive)
            {
                _eventActive = active;
                if (active)
                {
                    Log.DemandResponseEventStarted(_logger, depth, until);
                }
                else
                {
                    Log.DemandResponseEventEnded(_logger, _shed.Count);
                }
            }

            // An event that ran to its ShedUntil ended then (also while the agent was down); one cancelled ends now.
            DateTimeOffset ended = shedding && until <= now && until > DateTimeOffset.UnixEpoch ? until : now;
            DateTimeOffset? wake = active ? until : null;
            bool dirty = false;
            foreach (ManagedLoad load in _loads)
            {
                ShedRecord? record = _shed.Find(r => r.Node == load.NodeId);
                bool target = active && !load.Role.Essential && load.Role.ShedPriority <= depth;
                if (target)
                {
                    if (record is { RestoreAt: not null })
                    {
                        record.RestoreAt = null; // a new or deeper event before the restore: keep it shed
                        dirty = true;
                    }

                    // Not shed by us and already off: not ours to hold. Shed by us but on (a fail-safe-on relay after
                    // a restart): switch it off again.
                    if (!load.Relay.IsOn)
                    {
                        continue;
                    }

                    RelaySwitchResult result = load.Relay.TrySwitch(false);
                    if (result.Outcome == RelaySwitchOutcome.Switched)
                    {
                        if (record is null)
                        {
                            _shed.Add(new ShedRecord { Node = load.NodeId, ShedAt = now, Depth = depth, Priority = load.Role.ShedPriority });
                            dirty = true;
                        }

                        Log.DemandResponseShed(_logger, load.NodeId, load.Role.ShedPriority, depth);
                    }
                    else if (!result.Succeeded)
                    {
                        wake = Earliest(wake, Retry(load, false, result, now));
                    }
                }
                else if (record is not null)
                {
                    if (record.RestoreAt is null)
                    {
                        record.RestoreAt = ended + _options.RestoreWindow * _random.NextDouble();
                        dirty = true;
                        Log.DemandResponseRestoreScheduled(_logger, load.NodeId, record.RestoreAt.Value);
                    }

                    if (record.RestoreAt > now)
                    {
                        wake = Earliest(wake, record.RestoreAt.Value);
                        continue;
                    }

                    RelaySwitchResult result = load.Relay.TrySwitch(true);
                    if (result.Succeeded)
                    {
                        _ = _shed.Remove(record);
                        dirty = true;
                        Log.DemandResponseRestored(_logger, load.NodeId);
                    }
                    else
                    {
                        wake = Earliest(wake, Retry(load, true, result, now));
                    }
                }
            }

            if (dirty)
            {
                SaveState();
            }

            return wake is { } w ? (w > now ? w - now : TimeSpan.Zero) : null;
        }
    }

    private DateTimeOffset? Retry(ManagedLoad load, bool on, RelaySwitchResult result, DateTimeOffset now)
    {
        Log.DemandResponseSwitchRefused(_logger, load.NodeId, on, result.Message, result.RetryAfter);
        return result.RetryAfter is { } after ? now + after : null; // a disposed relay: nothing to retry
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private static string Describe(ShedRecord r)
    {
        string text = string.Create(CultureInfo.InvariantCulture,
            $"shed by demand response since {r.ShedAt:O} (load priority {r.Priority}, event depth {r.Depth})");
        return r.RestoreAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"{text}; event ended, restore at {at:O}") : text;
    }

    private void LoadState()
    {
        try
        {
            foreach (ShedRecord record in _file.Load())
            {
                if (_loads.Any(l => l.NodeId == record.Node) && _shed.TrueForAll(r => r.Node != record.Node))
                {
                    _shed.Add(record);
                }
                else
                {
                    Log.DemandResponseStateDropped(_logger, record.Node, _file.Path);
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            Log.DemandResponseStateUnreadable(_logger, _file.Path, e.Message);
        }
    }

    private void SaveState()
    {
        try
        {
            _file.Save(_shed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // In force now; written with the next change that succeeds. A restart before then forgets it.
            Log.DemandResponseStateUnsaved(_logger, _file.Path, e.Message);
        }
    }
}
