namespace Edge.Agent.Status;

/// <summary>
/// The agent process: resident memory now and at its peak (VmHWM), CPU time used, when it started, its threads, and
/// the managed heap as the GC last saw it (<see cref="GcStatus"/>).
/// </summary>
public sealed record ProcessStatus(long ResidentBytes, long PeakResidentBytes, TimeSpan Cpu, DateTimeOffset Started)
{
    /// <summary>Threads of the process (Threads in /proc/self/status; 0 where there is no such file).</summary>
    public int Threads { get; init; }

    /// <summary>The managed heap; null in hand-made snapshots that leave it out.</summary>
    public GcStatus? Gc { get; init; }
}
