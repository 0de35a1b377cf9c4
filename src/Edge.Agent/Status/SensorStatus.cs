using Edge.Things;

namespace Edge.Agent.Status;

/// <summary>A sensor or relay of the hardware profile with its last read.</summary>
/// <param name="NodeId">Its node id.</param>
/// <param name="Relay">Whether it is a relay (a sensor otherwise).</param>
/// <param name="ReadAt">When it was last read (null before the first read).</param>
/// <param name="Fields">The fields of the last read that succeeded.</param>
/// <param name="Errors">Failed reads since start.</param>
/// <param name="Error">Why the latest read failed (null when it succeeded).</param>
public sealed record SensorStatus(string NodeId, bool Relay, DateTimeOffset? ReadAt, IReadOnlyList<Field> Fields, long Errors, string? Error);
