namespace Edge.Agent;

/// <summary>The <c>Agent:DemandResponse</c> section: how the demand-response engine restores shed loads.</summary>
public sealed class DemandResponseOptions
{
    /// <summary>
    /// When an event ends, each load the engine shed is restored after a random offset in [0, this window], so that
    /// a fleet does not switch back on all at once (cold-load pickup). 0 = restore at once.
    /// </summary>
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the options; each message names the key and quotes the bad value.</summary>
    public IEnumerable<string> Validate()
    {
        if (RestoreWindow < TimeSpan.Zero || RestoreWindow > TimeSpan.FromHours(6))
        {
            yield return $"Agent:DemandResponse:RestoreWindow '{RestoreWindow}' must be between 00:00:00 and 06:00:00.";
        }
    }
}
