using Edge.Things;

namespace Edge.Agent.Iot;

/// <summary>A sensor's last read as <see cref="SensorReader"/> keeps it for the status page and metrics.</summary>
/// <param name="Fields">The fields read (empty when no read has succeeded yet).</param>
/// <param name="ReadAt">When they were read.</param>
/// <param name="Errors">Failed reads since start: a read that threw, or one with every field missing.</param>
/// <param name="Error">Why the latest failed read failed (null when the latest read succeeded).</param>
public sealed record SensorLastRead(IReadOnlyList<Field> Fields, DateTimeOffset ReadAt, long Errors, string? Error);
