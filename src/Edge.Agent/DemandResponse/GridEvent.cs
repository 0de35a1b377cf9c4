namespace Edge.Agent.DemandResponse;

/// <summary>
/// A demand-response event from a program (an OpenADR <c>oadrEvent</c> on the program node): its id, its modification number (a higher one replaces the event, a lower or
/// equal one is a repeat and ignored), and its schedule of shed depths. A cancelled event is kept, shedding nothing,
/// until its end, so that a late repeat of an older modification cannot bring it back. Kept in <c>demand-response.json</c>
/// (<see cref="DemandResponseStateDocument"/>), without the derived <see cref="Start"/>, <see cref="End"/> and <see cref="MaxDepth"/>.
/// </summary>
/// <param name="Id">The event id (OpenADR <c>eventID</c>).</param>
/// <param name="Modification">The modification number (OpenADR <c>modificationNumber</c>).</param>
/// <param name="Intervals">The schedule, in time order, already shifted by the device's random start offset.</param>
/// <param name="Cancelled">Whether the event was cancelled.</param>
public sealed record GridEvent(string Id, long Modification, IReadOnlyList<GridEventInterval> Intervals, bool Cancelled = false)
{
    /// <summary>The start of the first interval.</summary>
    public DateTimeOffset Start => Intervals.Count == 0 ? DateTimeOffset.MinValue : Intervals.Min(i => i.Start);

    /// <summary>The end of the last interval.</summary>
    public DateTimeOffset End => Intervals.Count == 0 ? DateTimeOffset.MinValue : Intervals.Max(i => i.End);

    /// <summary>The deepest depth the event ever asks for (-1 when it sheds nothing).</summary>
    public int MaxDepth => Cancelled || Intervals.Count == 0 ? -1 : Intervals.Max(i => i.Depth);

    /// <summary>The depth asked for at <paramref name="time"/>; -1 outside the intervals or when cancelled.</summary>
    public int DepthAt(DateTimeOffset time)
    {
        int depth = -1;
        if (!Cancelled)
        {
            foreach (GridEventInterval interval in Intervals)
            {
                if (interval.Start <= time && time < interval.End && interval.Depth > depth)
                {
                    depth = interval.Depth;
                }
            }
        }

        return depth;
    }

    /// <summary>The first interval boundary after <paramref name="time"/>, if any.</summary>
    public DateTimeOffset? NextBoundary(DateTimeOffset time)
    {
        DateTimeOffset? next = null;
        foreach (GridEventInterval interval in Intervals)
        {
            foreach (DateTimeOffset t in (ReadOnlySpan<DateTimeOffset>)[interval.Start, interval.End])
            {
                if (t > time && (next is null || t < next))
                {
                    next = t;
                }
            }
        }

        return next;
    }
}
