namespace Edge.Agent;

/// <summary>
/// The <c>Agent:Reporting</c> section: report by exception. A node named in <see cref="Deadbands"/> (by its node id,
/// or by <c>nodeId/FieldName</c> for one field) is queued for publishing only when one of its values moved past its
/// deadband, a value of another kind changed, a field's quality flags changed, or <see cref="Heartbeat"/> passed since
/// its last report. Other nodes are queued at every sample.
/// </summary>
public sealed class ReportingOptions
{
    /// <summary>A node reported by exception is still reported at least this often, so a quiet sensor shows it is alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Deadbands by node id (every numeric field of the node) or by <c>nodeId/FieldName</c> (that field).</summary>
    public Dictionary<string, DeadbandOptions> Deadbands { get; } = new(StringComparer.Ordinal);

    /// <summary>Checks the options; each message names the key and quotes the bad value.</summary>
    public IEnumerable<string> Validate()
    {
        if (Heartbeat < TimeSpan.FromSeconds(1) || Heartbeat > TimeSpan.FromDays(7))
        {
            yield return $"Agent:Reporting:Heartbeat '{Heartbeat}' must be between 00:00:01 and 7.00:00:00.";
        }

        foreach (var (key, deadband) in Deadbands)
        {
            if (key.Length == 0 || key.StartsWith('/') || key.EndsWith('/') || key.Count(c => c == '/') > 1)
            {
                yield return $"Agent:Reporting:Deadbands:{key} must be a node id or nodeId/FieldName.";
            }

            if (deadband.Absolute < 0 || double.IsNaN(deadband.Absolute) || double.IsInfinity(deadband.Absolute))
            {
                yield return $"Agent:Reporting:Deadbands:{key}:Absolute {deadband.Absolute} must be a finite number of 0 or more.";
            }

            if (deadband.Relative is < 0 or > 10 || double.IsNaN(deadband.Relative))
            {
                yield return $"Agent:Reporting:Deadbands:{key}:Relative {deadband.Relative} must be between 0 and 10 (a fraction: 0.01 = 1 %).";
            }
        }
    }
}
