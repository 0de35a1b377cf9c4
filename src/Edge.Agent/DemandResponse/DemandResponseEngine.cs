using System.Globalization;
using Edge.Agent.Iot;
using Edge.Hardware.Gpio;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// The demand-response engine: one pass (<see cref="Evaluate"/>) decides, for each managed load, whether something
/// holds it off (<see cref="ShedReason"/>), and switches it accordingly.
/// <list type="bullet">
/// <item><b>Events</b>: the settings' event (<c>LoadShedding</c> set and <c>ShedUntil</c> in the future, depth
/// <c>ShedPriority</c>) and program events (<see cref="Apply"/>, from the OpenADR program node). The deepest depth
/// asked for now sheds the non-essential loads with a shed priority up to it, lowest priority number first.</item>
/// <item><b>Quiet hours</b> and a used-up <b>energy budget</b> hold every non-essential load off.</item>
/// <item><b>Import limit</b>: a closed loop on the grid meter (<see cref="ReportMeter"/>), in
/// <c>DemandResponseEngine.ImportLimit.cs</c>.</item>
/// </list>
/// When nothing holds a load the engine shed any more, it gets a restore time: the end of what held it plus a random
/// offset inside <see cref="DemandResponseOptions.RestoreWindow"/>, so a fleet does not switch back on at once (the
/// import-limit loop restores at once: it restores one load at a time already). A load that was already off when it
/// would have been shed is not the engine's and stays off. Every switching goes through <see cref="Relay.TrySwitch"/>; a
/// refusal is retried when its <see cref="RelaySwitchResult.RetryAfter"/> says, never forced. What it holds shed, the
/// program events and the day's energy start are persisted (<c>DemandResponseEngine.State.cs</c>), so a restart
/// mid-event keeps the loads shed and an event that ended while the agent was down is restored at start.
/// <see cref="DemandResponseService"/> calls <see cref="Evaluate"/> when a setting changes, an event or a meter read
/// arrives, and when the returned delay has passed.
/// </summary>
public sealed partial class DemandResponseEngine
{
    /// <summary>The event id reported for the settings' event (XEP-0325 control of <c>LoadShedding</c>).</summary>
    public const string ControlEventId = "control";

    private readonly IReadOnlyList<ManagedLoad> _loads;
    private readonly DeviceSettings _settings;
    private readonly DemandResponseOptions _options;
    private readonly DemandResponseStateFile _file;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private readonly List<ShedRecord> _shed = [];
    private readonly Dictionary<string, GridEvent> _events = new(StringComparer.Ordinal);
    private int _depth = -1;
    private string? _eventId;
    private bool _quiet;
    private bool _budgetExceeded;

    /// <param name="loads">The managed loads (<see cref="ManagedLoad.From"/>).</param>
    /// <param name="settings">The device settings carrying the event, limit, budget and quiet hours.</param>
    /// <param name="options">The restore window and the import-limit loop's timing.</param>
    /// <param name="stateFile">Where the engine keeps its state (<c>{DataDirectory}/demand-response.json</c>).</param>
    /// <param name="time">The clock (and the local time zone for quiet hours and the budget's day).</param>
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

    /// <summary>Raised after a pass that shed or restored a load, or changed the event in force (outside the engine's lock).</summary>
    public event EventHandler? StateChanged;

    /// <summary>The managed loads, in shed order.</summary>
    public IReadOnlyList<ManagedLoad> Loads => _loads;

    /// <summary>The engine's state as of its last pass.</summary>
    public DemandResponseStatus Status
    {
        get
        {
            lock (_lock)
            {
                return new DemandResponseStatus(_depth >= 0, [.. _shed.Select(r => r.Node)],
                    _shed.Where(r => r.RestoreAt is not null).Select(r => r.RestoreAt).Min())
                {
                    EventId = _eventId,
                    Depth = _depth,
                    Reasons = [.. _shed.Select(r => r.Reason)],
                    Events = [.. _events.Values.OrderBy(e => e.Start)],
                    ImportWatts = _meter?.ImportWatts,
                    EnergyTodayWh = EnergyTodayWh,
                    QuietHours = _quiet,
                    BudgetExceeded = _budgetExceeded,
                };
            }
        }
    }

    /// <summary>
    /// Whether the engine holds the load <paramref name="nodeId"/> off, and why: it shed the load (until restored), or
    /// something in force now covers the load (a load that was already off is not shed by the engine, but switching
    /// it on would only have it shed again: refused as well, so there is no silent fight).
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

            DateTimeOffset now = _time.GetUtcNow();
            (int depth, string? eventId) = CurrentDepth(now);
            if (_loads.FirstOrDefault(l => l.NodeId == nodeId) is { } load
                && Want(load, depth, InQuietHours(now), _budgetExceeded) is { } why)
            {
                reason = why switch
                {
                    ShedReason.Event => string.Create(CultureInfo.InvariantCulture,
                        $"demand-response event '{eventId}' asks loads of priority up to {depth} off (this load: {load.Role.ShedPriority})"),
                    ShedReason.QuietHours => $"quiet hours ({_settings.QuietHoursStart.Value:HH:mm}–{_settings.QuietHoursEnd.Value:HH:mm}) hold non-essential loads off",
                    ShedReason.EnergyBudget => "the day's energy budget is used up: non-essential loads stay off until midnight",
                    _ => "the import limit holds it off",
                };
                return true;
            }

            reason = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// One pass: sheds what is asked for now, schedules and performs restores, retries refused switchings. Returns how
    /// long until the next pass is needed (an interval boundary, a restore time, a retry), or null for none.
    /// </summary>
    public TimeSpan? Evaluate()
    {
        bool changed;
        TimeSpan? next;
        lock (_lock)
        {
            (changed, next) = EvaluateLocked();
        }

        if (changed)
        {
            StateChanged?.Invoke(this, EventArgs.Empty);
        }

        return next;
    }

    private (bool Changed, TimeSpan? Next) EvaluateLocked()
    {
        DateTimeOffset now = _time.GetUtcNow();
        bool dirty = PruneEvents(now, out DateTimeOffset? lastEnded);
        (int depth, string? eventId) = CurrentDepth(now);
        bool changed = dirty || depth != _depth || eventId != _eventId;
        if (depth != _depth || eventId != _eventId)
        {
            if (depth >= 0)
            {
                Log.DemandResponseEventStarted(_logger, eventId ?? ControlEventId, depth);
            }
            else if (_depth >= 0)
            {
                Log.DemandResponseEventEnded(_logger, _eventId ?? ControlEventId, _shed.Count);
            }

            _depth = depth;
            _eventId = eventId;
        }

        DateTimeOffset? wake = NextEventBoundary(now);
        bool quiet = InQuietHours(now);
        if (quiet != _quiet)
        {
            _quiet = quiet;
            changed = true;
            Log.DemandResponseQuietHours(_logger, quiet);
        }

        wake = Earliest(wake, NextQuietBoundary(now));
        (bool budget, DateTimeOffset? budgetWake) = CheckBudget(now);
        wake = Earliest(wake, budgetWake);
        wake = Earliest(wake, ImportLimitStep(now, ref dirty));

        // An event that ran to its end ended then (also while the agent was down); anything else ends now.
        DateTimeOffset eventEnded = lastEnded ?? (_settings.LoadShedding.Value && _settings.ShedUntil.Value <= now
            && _settings.ShedUntil.Value > DateTimeOffset.UnixEpoch ? _settings.ShedUntil.Value : now);
        foreach (ManagedLoad load in _loads)
        {
            ShedRecord? record = _shed.Find(r => r.Node == load.NodeId);
            if (Want(load, depth, quiet, budget) is { } reason)
            {
                if (record is not null && (record.RestoreAt is not null || record.Reason != reason))
                {
                    record.RestoreAt = null; // held again before the restore: keep it shed
                    record.Reason = reason;
                    dirty = true;
                }

                // Not shed by us and already off: not ours to hold. Shed by us but on (a fail-safe-on relay after a
                // restart): switch it off again.
                if (!load.Relay.IsOn)
                {
                    continue;
                }

                RelaySwitchResult result = load.Relay.TrySwitch(false);
                if (result.Outcome == RelaySwitchOutcome.Switched)
                {
                    if (record is null)
                    {
                        _shed.Add(new ShedRecord
                        {
                            Node = load.NodeId, ShedAt = now, Reason = reason, Depth = depth, Priority = load.Role.ShedPriority,
                        });
                    }

                    dirty = true;
                    Log.DemandResponseShed(_logger, load.NodeId, load.Role.ShedPriority, reason, depth);
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
                    record.RestoreAt = record.Reason switch
                    {
                        ShedReason.ImportLimit => now,
                        ShedReason.Event => eventEnded + (_options.RestoreWindow * _random.NextDouble()),
                        _ => now + (_options.RestoreWindow * _random.NextDouble()),
                    };
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

        return (changed || dirty, wake is { } w ? (w > now ? w - now : TimeSpan.Zero) : null);
    }

    /// <summary>What holds <paramref name="load"/> off now, if anything (essential loads: never).</summary>
    private ShedReason? Want(ManagedLoad load, int depth, bool quiet, bool budget) =>
        load.Role.Essential ? null
        : load.Role.ShedPriority <= depth ? ShedReason.Event
        : quiet ? ShedReason.QuietHours
        : budget ? ShedReason.EnergyBudget
        : _limitShed.Contains(load.NodeId) ? ShedReason.ImportLimit
        : null;

    private DateTimeOffset? Retry(ManagedLoad load, bool on, RelaySwitchResult result, DateTimeOffset now)
    {
        Log.DemandResponseSwitchRefused(_logger, load.NodeId, on, result.Message, result.RetryAfter);
        return result.RetryAfter is { } after ? now + after : null; // a disposed relay: nothing to retry
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private static string Describe(ShedRecord r)
    {
        string why = r.Reason switch
        {
            ShedReason.Event => string.Create(CultureInfo.InvariantCulture, $"a demand-response event (load priority {r.Priority}, event depth {r.Depth})"),
            ShedReason.QuietHours => "quiet hours",
            ShedReason.EnergyBudget => "the day's energy budget used up",
            _ => "the import limit",
        };
        string text = string.Create(CultureInfo.InvariantCulture, $"shed by demand response since {r.ShedAt:O}: {why}");
        return r.RestoreAt is { } at ? string.Create(CultureInfo.InvariantCulture, $"{text}; ended, restore at {at:O}") : text;
    }
}
