namespace Edge.Agent.DemandResponse;

/// <summary>One load the engine shed (persisted in <c>demand-response.json</c>).</summary>
internal sealed class ShedRecord
{
    /// <summary>The relay's node id.</summary>
    public string Node { get; set; } = string.Empty;

    /// <summary>When the engine switched it off.</summary>
    public DateTimeOffset ShedAt { get; set; }

    /// <summary>The event's depth (ShedPriority) when it was shed.</summary>
    public int Depth { get; set; }

    /// <summary>The load's shed priority from the profile when it was shed.</summary>
    public int Priority { get; set; }

    /// <summary>When it is to be switched back on; null while the event that shed it is active.</summary>
    public DateTimeOffset? RestoreAt { get; set; }
}
