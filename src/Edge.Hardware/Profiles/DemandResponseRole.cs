namespace Edge.Hardware.Profiles;

/// <summary>
/// A relay's role in demand response (the profile's <c>relays[].demandResponse</c> block). A relay without one is
/// not managed by demand response.
/// </summary>
/// <param name="ShedPriority">0–9; 0 is shed first. An event of depth d sheds the non-essential loads with a priority ≤ d.</param>
/// <param name="Essential">Never shed, whatever the event asks.</param>
/// <param name="NominalWatts">The load's nominal power in W (what shedding it saves).</param>
/// <param name="Cyclable">Whether the load may be cycled (switched off and on repeatedly) rather than held off.</param>
public sealed record DemandResponseRole(int ShedPriority, bool Essential, double NominalWatts, bool Cyclable);
