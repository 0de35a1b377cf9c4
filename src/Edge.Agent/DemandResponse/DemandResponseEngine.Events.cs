namespace Edge.Agent.DemandResponse;

/// <summary>The events: the settings' event and the program's grid events, and the depth they ask for.</summary>
public sealed partial class DemandResponseEngine
{
    /// <summary>
    /// Takes a program event: a new one is scheduled, a higher modification replaces the known one, a cancelled one
    /// stops shedding (its loads are restored inside the restore window), a repeat or an older modification changes
    /// nothing, and one already over is ignored. Persisted at once; call <see cref="Evaluate"/> (the service does) to act.
    /// </summary>
    public GridEventChange Apply(GridEvent gridEvent)
    {
        ArgumentNullException.ThrowIfNull(gridEvent);
        GridEventChange change;
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (_events.TryGetValue(gridEvent.Id, out GridEvent? known))
            {
                if (gridEvent.Modification <= known.Modification)
                {
                    return GridEventChange.Unchanged;
                }

                change = gridEvent.Cancelled ? GridEventChange.Cancelled : GridEventChange.Modified;
                if (gridEvent.Cancelled)
                {
                    // Kept, shedding nothing, until the end it had: a late repeat of an older modification stays out.
                    gridEvent = gridEvent with { Intervals = known.End > gridEvent.End ? known.Intervals : gridEvent.Intervals };
                }
            }
            else if (gridEvent.End <= now)
            {
                return GridEventChange.Ended;
            }
            else
            {
                change = gridEvent.Cancelled ? GridEventChange.Cancelled : GridEventChange.Added;
            }

            _events[gridEvent.Id] = gridEvent;
            Log.DemandResponseProgramEvent(_logger, gridEvent.Id, gridEvent.Modification, change, gridEvent.Start,
                gridEvent.End, gridEvent.MaxDepth);
            SaveState();
        }

        return change;
    }

    /// <summary>Drops program events that are over; the latest end among them is when what they shed ended.</summary>
    private bool PruneEvents(DateTimeOffset now, out DateTimeOffset? lastEnded)
    {
        lastEnded = null;
        List<string>? over = null;
        foreach (GridEvent e in _events.Values)
        {
            if (e.End <= now)
            {
                (over ??= []).Add(e.Id);
                if (!e.Cancelled && (lastEnded is null || e.End > lastEnded))
                {
                    lastEnded = e.End;
                }
            }
        }

        foreach (string id in over ?? [])
        {
            _ = _events.Remove(id);
        }

        return over is not null;
    }

    /// <summary>The deepest depth asked for at <paramref name="now"/>, and by which event (-1, null: none).</summary>
    private (int Depth, string? EventId) CurrentDepth(DateTimeOffset now)
    {
        int depth = -1;
        string? id = null;
        if (_settings.LoadShedding.Value && _settings.ShedUntil.Value > now)
        {
            depth = _settings.ShedPriority.Value;
            id = ControlEventId;
        }

        foreach (GridEvent e in _events.Values)
        {
            int d = e.DepthAt(now);
            if (d > depth)
            {
                depth = d;
                id = e.Id;
            }
        }

        return (depth, id);
    }

    private DateTimeOffset? NextEventBoundary(DateTimeOffset now)
    {
        DateTimeOffset? next = _settings.LoadShedding.Value && _settings.ShedUntil.Value > now ? _settings.ShedUntil.Value : null;
        foreach (GridEvent e in _events.Values)
        {
            next = Earliest(next, e.NextBoundary(now));
        }

        return next;
    }
}
