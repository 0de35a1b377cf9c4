namespace Edge.Iot.SensorData;

/// <summary>
/// Bounds on the work a readout requester can cause (<see cref="SensorDataServer"/>). Pending readouts are those
/// accepted and not yet done: queued for a later <c>when</c>, or running.
/// </summary>
public sealed class SensorDataServerOptions
{
    /// <summary>Pending readouts of all requesters together; more are refused with <c>resource-constraint</c>.</summary>
    public int MaxPendingReadouts { get; set; } = 64;

    /// <summary>Pending readouts of one requester (full JID); more are refused with <c>resource-constraint</c>.</summary>
    public int MaxPendingPerRequester { get; set; } = 8;

    /// <summary>How far ahead a <c>when</c> may lie; further is refused with <c>not-acceptable</c>.</summary>
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long one node may take to read; then it is reported as a failure ("Timeout.").</summary>
    public TimeSpan NodeReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Problems with these options, each quoting the bad value (empty = valid).</summary>
    public IReadOnlyList<string> Validate(string section = "SensorData")
    {
        var errors = new List<string>();
        if (MaxPendingReadouts < 1)
        {
            errors.Add($"{section}:MaxPendingReadouts {MaxPendingReadouts} must be at least 1.");
        }

        if (MaxPendingPerRequester < 1 || MaxPendingPerRequester > MaxPendingReadouts)
        {
            errors.Add($"{section}:MaxPendingPerRequester {MaxPendingPerRequester} must be between 1 and MaxPendingReadouts ({MaxPendingReadouts}).");
        }

        if (MaxScheduleAhead < TimeSpan.Zero)
        {
            errors.Add($"{section}:MaxScheduleAhead {MaxScheduleAhead} must not be negative.");
        }

        if (NodeReadTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:NodeReadTimeout {NodeReadTimeout} must be positive.");
        }

        return errors;
    }
}
