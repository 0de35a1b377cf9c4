namespace Edge.Agent.Status;

/// <summary>The durable outbox as the status page and metrics show it.</summary>
/// <param name="Depth">Readings waiting.</param>
/// <param name="Bytes">Their encoded bytes.</param>
/// <param name="MaxEntries">The configured entry bound.</param>
/// <param name="MaxBytes">The configured byte bound.</param>
/// <param name="Oldest">The sampling time of the oldest waiting reading (null when empty).</param>
/// <param name="Dropped">Readings discarded since start (overflow policy, memory ring, unreadable).</param>
/// <param name="Parked">Readings set aside since start after the server kept refusing them.</param>
/// <param name="Degraded">Whether the disk refuses writes (readings wait in memory).</param>
public sealed record OutboxStatus(int Depth, long Bytes, int MaxEntries, long MaxBytes, DateTimeOffset? Oldest, long Dropped, long Parked, bool Degraded);
