namespace Edge.Agent;

/// <summary>The <c>Agent:Outbox</c> section: the durable queue between sampling and publishing.</summary>
public sealed class OutboxOptions
{
    /// <summary>At most this many unpublished readings are kept on disk.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>What happens when full: DropOldest (keep the newest data) or DropNewest (keep the history).</summary>
    public OutboxOverflow Overflow { get; set; } = OutboxOverflow.DropOldest;
}
