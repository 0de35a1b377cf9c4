namespace Edge.Agent.DemandResponse;

/// <summary>
/// Why the engine holds a load off. When several apply, the first in this order is the one reported: an event's
/// depth, then quiet hours, then the energy budget, then the import limit.
/// </summary>
public enum ShedReason
{
    /// <summary>A demand-response event (the <c>LoadShedding</c> settings or a program's grid event) asks it off.</summary>
    Event,

    /// <summary>Inside the quiet hours (<c>QuietHoursStart</c>–<c>QuietHoursEnd</c>, local time).</summary>
    QuietHours,

    /// <summary>The day's import energy has reached <c>EnergyBudget</c>.</summary>
    EnergyBudget,

    /// <summary>The closed loop on the grid meter's import power shed it to hold <c>ImportLimit</c>.</summary>
    ImportLimit,
}
