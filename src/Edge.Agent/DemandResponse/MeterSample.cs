namespace Edge.Agent.DemandResponse;

/// <summary>One read of the site's grid meter, as the engine uses it.</summary>
/// <param name="ImportWatts">Import power in W (null when the read had no such value).</param>
/// <param name="ImportKwh">The import energy counter in kWh (null when not configured or not read).</param>
/// <param name="At">When it was read.</param>
public readonly record struct MeterSample(double? ImportWatts, double? ImportKwh, DateTimeOffset At);
