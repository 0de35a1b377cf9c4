namespace Edge.Agent.DemandResponse;

/// <summary>What the engine is doing, for the device's readout.</summary>
/// <param name="EventActive">Whether an event is active (LoadShedding set and ShedUntil in the future).</param>
/// <param name="ShedLoads">Node ids of the loads the engine holds shed (restore pending or not), in shed order.</param>
/// <param name="NextRestore">The earliest scheduled restore, if any.</param>
public sealed record DemandResponseStatus(bool EventActive, IReadOnlyList<string> ShedLoads, DateTimeOffset? NextRestore);
