namespace Edge.Agent.DemandResponse;

/// <summary>What the engine is doing, for the device's readout and its status node.</summary>
/// <param name="EventActive">Whether an event asks for shedding now (the settings' event or a program's).</param>
/// <param name="ShedLoads">Node ids of the loads the engine holds shed (restore pending or not), in shed order.</param>
/// <param name="NextRestore">The earliest scheduled restore, if any.</param>
public sealed record DemandResponseStatus(bool EventActive, IReadOnlyList<string> ShedLoads, DateTimeOffset? NextRestore)
{
    /// <summary>The id of the event setting the depth: a program event's id, <c>control</c> for the settings' event.</summary>
    public string? EventId { get; init; }

    /// <summary>The depth asked for now (-1 = none).</summary>
    public int Depth { get; init; } = -1;

    /// <summary>Why each shed load is held off, in the order of <see cref="ShedLoads"/>.</summary>
    public IReadOnlyList<ShedReason> Reasons { get; init; } = [];

    /// <summary>The program events known (scheduled, active or cancelled and not yet over).</summary>
    public IReadOnlyList<GridEvent> Events { get; init; } = [];

    /// <summary>The last import power read from the grid meter, if any.</summary>
    public double? ImportWatts { get; init; }

    /// <summary>Energy imported today (local day) in Wh, when an energy counter is read.</summary>
    public double? EnergyTodayWh { get; init; }

    /// <summary>Whether it is quiet hours now.</summary>
    public bool QuietHours { get; init; }

    /// <summary>Whether the day's energy budget is used up.</summary>
    public bool BudgetExceeded { get; init; }
}
