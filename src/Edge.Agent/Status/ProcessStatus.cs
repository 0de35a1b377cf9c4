namespace Edge.Agent.Status;

/// <summary>The agent process: resident memory now and at its peak (VmHWM), CPU time used, when it started.</summary>
public sealed record ProcessStatus(long ResidentBytes, long PeakResidentBytes, TimeSpan Cpu, DateTimeOffset Started);
