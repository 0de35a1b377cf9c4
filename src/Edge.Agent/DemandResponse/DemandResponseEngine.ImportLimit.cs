namespace Edge.Agent.DemandResponse;

/// <summary>
/// The import limit: a closed loop on the grid meter's import power. Above <c>ImportLimit</c> it sheds one more load;
/// below the limit minus <see cref="DemandResponseOptions.ImportLimitHysteresis"/> for
/// <see cref="DemandResponseOptions.ImportLimitHold"/> it restores the last one shed whose nominal power fits under
/// that margin. After each switching it waits <see cref="DemandResponseOptions.ImportLimitSettle"/> and a meter read
/// taken after that before it acts again. Loads are shed cyclable ones first (in shed-priority order), then the others:
/// the loop switches as the site's own load moves, which is cycling, so a load that must not be cycled (an EV charger)
/// is its last resort; being shed last, it is the first restored. The bounds on switching: one switching per settle
/// time, a restore only after a hold time of headroom that the restored load fits in, and the relays' own safety rules.
/// </summary>
public sealed partial class DemandResponseEngine
{
    private readonly List<string> _limitShed = [];
    private MeterSample? _meter;
    private DateTimeOffset _limitNextAction = DateTimeOffset.MinValue;
    private DateTimeOffset? _belowSince;
    private bool _limitExhausted;

    /// <summary>A read of the grid meter; the next <see cref="Evaluate"/> acts on it.</summary>
    public void ReportMeter(MeterSample sample)
    {
        lock (_lock)
        {
            if (_meter is null || sample.At >= _meter.Value.At)
            {
                _meter = sample;
            }
        }
    }

    /// <summary>One step of the loop; returns when it can act next, if it is waiting to.</summary>
    private DateTimeOffset? ImportLimitStep(DateTimeOffset now, ref bool dirty)
    {
        double limit = _settings.ImportLimit.Value;
        if (limit <= 0)
        {
            if (_limitShed.Count > 0)
            {
                Log.DemandResponseImportLimitOff(_logger, _limitShed.Count);
                _limitShed.Clear();
                dirty = true;
            }

            _belowSince = null;
            return null;
        }

        // A stale or missing read (meter failing): hold what is shed, shed no more, restore nothing.
        if (_meter is not { ImportWatts: { } watts, At: var at } || now - at > (_options.MeterInterval * 5) + TimeSpan.FromSeconds(5))
        {
            return null;
        }

        if (at < _limitNextAction)
        {
            return _limitNextAction;
        }

        double floor = limit - _options.ImportLimitHysteresis;
        if (watts > limit)
        {
            _belowSince = null;
            ManagedLoad? next = _loads.Where(l => l.Role.Cyclable).Concat(_loads.Where(l => !l.Role.Cyclable))
                .FirstOrDefault(l => !l.Role.Essential && l.Relay.IsOn && !_limitShed.Contains(l.NodeId));
            if (next is null)
            {
                if (!_limitExhausted)
                {
                    _limitExhausted = true;
                    Log.DemandResponseImportLimitExhausted(_logger, watts, limit);
                }

                return null;
            }

            _limitShed.Add(next.NodeId);
            _limitNextAction = now + _options.ImportLimitSettle;
            dirty = true;
            Log.DemandResponseImportLimitShed(_logger, next.NodeId, watts, limit);
            return _limitNextAction;
        }

        _limitExhausted = false;
        if (watts >= floor || _limitShed.Count == 0)
        {
            _belowSince = null;
            return null;
        }

        _belowSince ??= at;
        if (at - _belowSince.Value < _options.ImportLimitHold)
        {
            return _belowSince.Value + _options.ImportLimitHold;
        }

        for (int i = _limitShed.Count - 1; i >= 0; i--)
        {
            ManagedLoad load = _loads.First(l => l.NodeId == _limitShed[i]);
            if (watts + load.Role.NominalWatts < floor)
            {
                _limitShed.RemoveAt(i);
                _limitNextAction = now + _options.ImportLimitSettle;
                _belowSince = null;
                dirty = true;
                Log.DemandResponseImportLimitRestore(_logger, load.NodeId, watts, limit);
                return _limitNextAction;
            }
        }

        return null; // no shed load fits under the margin yet: the next read looks again
    }
}
