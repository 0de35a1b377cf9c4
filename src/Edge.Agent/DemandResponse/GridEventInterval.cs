namespace Edge.Agent.DemandResponse;

/// <summary>One interval of a <see cref="GridEvent"/>: from <see cref="Start"/> (inclusive) to <see cref="End"/>
/// (exclusive), loads of shed priority up to <see cref="Depth"/> are shed; a depth below 0 sheds nothing.</summary>
public readonly record struct GridEventInterval(DateTimeOffset Start, DateTimeOffset End, int Depth);
