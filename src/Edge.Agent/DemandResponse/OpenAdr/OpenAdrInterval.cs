namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// One <c>ei:interval</c> of a signal's <c>strm:intervals</c> (<c>ei:IntervalType</c>): its <c>xcal:duration</c>, its
/// <c>xcal:uid/xcal:text</c> (by convention the 0-based index) and its
/// <c>ei:signalPayload/ei:payloadFloat/ei:value</c>. Intervals follow each other from the event's <c>dtstart</c>; the
/// interval's own optional <c>xcal:dtstart</c> (used by reports) is not carried.
/// </summary>
public sealed class OpenAdrInterval
{
    /// <summary><c>xcal:uid/xcal:text</c>; null when the interval has none (the schema makes it optional).</summary>
    public string? Uid { get; init; }

    /// <summary><c>xcal:duration/xcal:duration</c>; <see cref="TimeSpan.Zero"/> runs to the event's end (see <see cref="OpenAdrEvent.Schedule"/>).</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary><c>ei:signalPayload/ei:payloadFloat/ei:value</c> (xs:float on the wire; finite).</summary>
    public required double Value { get; init; }
}
