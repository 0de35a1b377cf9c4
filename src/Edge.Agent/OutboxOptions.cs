namespace Edge.Agent;

/// <summary>The <c>Agent:Outbox</c> section: the durable log of readings between sampling and publishing.</summary>
public sealed class OutboxOptions
{
    /// <summary>At most this many unpublished readings are kept.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>At most this many bytes of unpublished readings are kept on disk (the log's segments).</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>What happens when full: DropOldest (keep the newest data) or DropNewest (keep the history).</summary>
    public OutboxOverflow Overflow { get; set; } = OutboxOverflow.DropOldest;

    /// <summary>
    /// Group commit: appends arriving within this window share one write and one fsync. Zero (the default) commits at
    /// once: the sampler appends a whole cycle as one request, and appends queued while a commit is under way share the
    /// next one anyway; a window only adds a timer and its delay. A reading is acknowledged to the sampler only once
    /// durable, so this is also the longest extra delay before it can be published.
    /// </summary>
    public TimeSpan CommitDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Removals (the server acknowledged a publish) are written with the next commit of appends, or after this long
    /// when nothing is appended. A removal lost to a power cut only means one reading is published again (same item id).
    /// </summary>
    public TimeSpan RemoveDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A log segment file is closed and a new one started past this size.</summary>
    public int SegmentBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// While the disk refuses writes (full, read-only, failing) the newest readings wait in memory, at most this many;
    /// they are written to the log when the disk takes writes again.
    /// </summary>
    public int MemoryEntries { get; set; } = 10_000;

    /// <summary>How often a refusing disk is tried again.</summary>
    public TimeSpan DiskRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Checks the options; each message names the key and quotes the bad value.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxEntries is < 1 or > 10_000_000)
        {
            yield return $"Agent:Outbox:MaxEntries {MaxEntries} must be between 1 and 10000000.";
        }

        if (MaxBytes is < 64 * 1024 or > 64L * 1024 * 1024 * 1024)
        {
            yield return $"Agent:Outbox:MaxBytes {MaxBytes} must be between 65536 and 68719476736.";
        }

        if (CommitDelay < TimeSpan.Zero || CommitDelay > TimeSpan.FromSeconds(1))
        {
            yield return $"Agent:Outbox:CommitDelay '{CommitDelay}' must be between 00:00:00 and 00:00:01.";
        }

        if (RemoveDelay < TimeSpan.Zero || RemoveDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"Agent:Outbox:RemoveDelay '{RemoveDelay}' must be between 00:00:00 and 00:01:00.";
        }

        if (SegmentBytes is < 4096 or > 256 * 1024 * 1024)
        {
            yield return $"Agent:Outbox:SegmentBytes {SegmentBytes} must be between 4096 and 268435456.";
        }

        if (MemoryEntries is < 1 or > 1_000_000)
        {
            yield return $"Agent:Outbox:MemoryEntries {MemoryEntries} must be between 1 and 1000000.";
        }

        if (DiskRetryInterval < TimeSpan.FromMilliseconds(10) || DiskRetryInterval > TimeSpan.FromHours(1))
        {
            yield return $"Agent:Outbox:DiskRetryInterval '{DiskRetryInterval}' must be between 00:00:00.01 and 01:00:00.";
        }
    }
}
