namespace Edge.Agent.Status;

/// <summary>The sampler: its interval (the SampleInterval device setting), its last cycle, readings queued since start.</summary>
public sealed record SamplerStatus(TimeSpan Interval, DateTimeOffset? LastSample, long Queued);
