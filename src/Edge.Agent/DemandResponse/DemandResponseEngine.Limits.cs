namespace Edge.Agent.DemandResponse;

/// <summary>Quiet hours and the daily energy budget: both hold every non-essential load off while they apply.</summary>
public sealed partial class DemandResponseEngine
{
    private DateOnly? _energyDay;
    private double _energyDayStartKwh;
    private double? _energyKwh;

    /// <summary>Energy imported since local midnight (or since the first read of the day), in Wh.</summary>
    private double? EnergyTodayWh => _energyDay is not null && _energyKwh is { } kwh ? (kwh - _energyDayStartKwh) * 1000 : null;

    /// <summary>Whether <paramref name="now"/> is inside the quiet hours (local time; start = end means none).</summary>
    private bool InQuietHours(DateTimeOffset now)
    {
        TimeOnly start = _settings.QuietHoursStart.Value;
        TimeOnly end = _settings.QuietHoursEnd.Value;
        if (start == end)
        {
            return false;
        }

        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _time.LocalTimeZone).DateTime);
        return start < end ? local >= start && local < end : local >= start || local < end;
    }

    /// <summary>The next time quiet hours begin or end.</summary>
    private DateTimeOffset? NextQuietBoundary(DateTimeOffset now)
    {
        TimeOnly start = _settings.QuietHoursStart.Value;
        TimeOnly end = _settings.QuietHoursEnd.Value;
        return start == end ? null : Earliest(NextLocal(now, start), NextLocal(now, end));
    }

    /// <summary>
    /// Counts the day's import from the grid meter's energy counter: the first read of a local day is its start (a
    /// counter that went backwards, a replaced meter, starts the day again). Returns whether the budget is used up,
    /// and when that is next looked at again (local midnight).
    /// </summary>
    private (bool Exceeded, DateTimeOffset? Wake) CheckBudget(DateTimeOffset now)
    {
        DateTimeOffset local = TimeZoneInfo.ConvertTime(now, _time.LocalTimeZone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (_meter?.ImportKwh is { } kwh)
        {
            if (_energyDay != today || kwh < _energyDayStartKwh)
            {
                _energyDay = today;
                _energyDayStartKwh = kwh;
                SaveState();
            }

            _energyKwh = kwh;
        }

        long budget = _settings.EnergyBudget.Value;
        bool exceeded = budget > 0 && _energyDay == today && EnergyTodayWh >= budget;
        if (exceeded != _budgetExceeded)
        {
            _budgetExceeded = exceeded;
            Log.DemandResponseBudget(_logger, exceeded, EnergyTodayWh ?? 0, budget);
        }

        return (exceeded, exceeded ? NextLocal(now, TimeOnly.MinValue) : null);
    }

    /// <summary>The next instant after <paramref name="now"/> whose local time of day is <paramref name="time"/>.</summary>
    private DateTimeOffset NextLocal(DateTimeOffset now, TimeOnly time)
    {
        TimeZoneInfo zone = _time.LocalTimeZone;
        DateTime local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        DateTime candidate = local.Date + time.ToTimeSpan();
        if (candidate <= local)
        {
            candidate = candidate.AddDays(1);
        }

        // A local time skipped by a DST change: take the first valid instant after it.
        while (zone.IsInvalidTime(candidate))
        {
            candidate = candidate.AddMinutes(15);
        }

        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
    }
}
