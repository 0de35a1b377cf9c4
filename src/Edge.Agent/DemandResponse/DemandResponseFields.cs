using Edge.Things;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// The engine's state as XEP-0323 status fields: shown in the root node's readout and published on the device's
/// <c>demand-response</c> status node (<see cref="DemandResponseStatusReporter"/>), so both say the same.
/// </summary>
public static class DemandResponseFields
{
    /// <summary>The node id of the status node's readings (<c>{NodePrefix}{device}/demand-response</c>).</summary>
    public const string StatusNodeId = "demand-response";

    /// <summary>The fields of <paramref name="status"/> at <paramref name="now"/>.</summary>
    public static IEnumerable<Field> From(DemandResponseStatus status, IReadOnlyList<ManagedLoad> loads, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(loads);
        const ReadoutTypes Status = ReadoutTypes.Status;
        yield return new Field("DemandResponseEvent", new BooleanValue(status.EventActive), now, Status);
        if (status.EventId is { } eventId)
        {
            yield return new Field("DemandResponseEventId", new StringValue(eventId), now, Status);
            yield return new Field("DemandResponseDepth", new IntValue(status.Depth), now, Status);
        }

        yield return new Field("ShedLoads", new StringValue(string.Join(",", status.ShedLoads)), now, Status);
        yield return new Field("ShedReasons", new StringValue(string.Join(",", status.Reasons)), now, Status);
        if (status.NextRestore is { } next)
        {
            yield return new Field("NextRestore", new DateTimeValue(next), now, Status);
        }

        // Per program event: its modification, and whether this device takes part (it has a non-essential load the
        // event's deepest level reaches: optIn) or not (optOut).
        int shallowest = loads.Where(l => !l.Role.Essential).Select(l => l.Role.ShedPriority).DefaultIfEmpty(int.MaxValue).Min();
        yield return new Field("ProgramEvents", new StringValue(string.Join(",", status.Events.Select(e =>
            $"{e.Id}:{e.Modification}:{(e.Cancelled ? "cancelled" : e.MaxDepth >= shallowest ? "optIn" : "optOut")}"))), now, Status);
        yield return new Field("QuietHoursActive", new BooleanValue(status.QuietHours), now, Status);
        yield return new Field("EnergyBudgetUsedUp", new BooleanValue(status.BudgetExceeded), now, Status);
        if (status.ImportWatts is { } watts && double.IsFinite(watts))
        {
            yield return new Field("ImportPower", new NumericValue(watts, "W", 0), now, ReadoutTypes.Momentary);
        }

        if (status.EnergyTodayWh is { } today && double.IsFinite(today))
        {
            yield return new Field("EnergyToday", new NumericValue(Math.Max(0, today), "Wh", 0), now, Status);
        }
    }
}
