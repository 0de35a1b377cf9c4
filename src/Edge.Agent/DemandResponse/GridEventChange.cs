namespace Edge.Agent.DemandResponse;

/// <summary>What <see cref="DemandResponseEngine.Apply"/> did with a grid event.</summary>
public enum GridEventChange
{
    /// <summary>A new event, now scheduled.</summary>
    Added,

    /// <summary>A higher modification of a known event replaced it.</summary>
    Modified,

    /// <summary>The event was cancelled (loads it shed are restored inside the restore window).</summary>
    Cancelled,

    /// <summary>A repeat, or an older modification, of a known event: nothing changed.</summary>
    Unchanged,

    /// <summary>The event ended before it arrived: nothing to do.</summary>
    Ended,
}
