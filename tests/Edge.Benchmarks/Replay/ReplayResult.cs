namespace Edge.Benchmarks.Replay;

/// <summary>
/// One publisher's drain of the backlog over one link. <see cref="Items"/> may be a prefix of the backlog (a bounded
/// run of a slow publisher); rates then extrapolate to the whole backlog, and <see cref="Note"/> says so.
/// </summary>
internal sealed record ReplayResult(string Publisher, int Items, int Backlog, TimeSpan Drain, TimeSpan? ProcessCpu, TimeSpan? ProcessCpuTotal,
    long? Fsyncs, TimeSpan ServerCpu, int OnServer, int Problems, string Note)
{
    public double ItemsPerSecond => Items / Drain.TotalSeconds;

    /// <summary>The drain time of the whole backlog: measured, or extrapolated from the prefix at its rate.</summary>
    public TimeSpan WholeBacklog => Items >= Backlog ? Drain : TimeSpan.FromSeconds(Backlog / ItemsPerSecond);

    public bool Extrapolated => Items < Backlog;

    public static ReplayResult Failed(string publisher, int backlog, string why) =>
        new(publisher, 0, backlog, TimeSpan.Zero, null, null, null, TimeSpan.Zero, 0, 0, "FAILED: " + why);
}
