namespace Edge.Iot.Discovery.Registry;

/// <summary>A successful claim: the thing's record, and whether it was claimed just now (then the thing is told).</summary>
public sealed record ClaimOutcome(ThingRecord Thing, bool NewlyClaimed);
