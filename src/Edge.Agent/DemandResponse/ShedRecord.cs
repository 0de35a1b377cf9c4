namespace Edge.Agent.DemandResponse;

/// <summary>One load the engine shed (persisted in <c>demand-response.json</c>).</summary>
internal sealed class ShedRecord
{
    /// <summary>The relay's node id.</summary>
    public string Node { get; set; } = string.Empty;

    /// <summary>When the engine switched it off.</summary>
    public DateTimeOffset ShedAt { get; set; }

    /// <summary>Why it is held off now (the reason it was shed for, until another takes over).</summary>
    public ShedReason Reason { get; set; }

    /// <summary>The event's depth when it was shed for an event.</summary>
    public int Depth { get; set; }

    /// <summary>The load's shed priority from the profile when it was shed.</summary>
    public int Priority { get; set; }

    /// <summary>When it is to be switched back on; null while a reason holds it off.</summary>
    public DateTimeOffset? RestoreAt { get; set; }
}
