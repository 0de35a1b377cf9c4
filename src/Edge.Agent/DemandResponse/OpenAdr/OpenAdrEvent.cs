namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// One <c>oadr:oadrEvent</c>: its <c>ei:eiEvent</c> (<c>ei:eventDescriptor</c>, <c>ei:eiActivePeriod</c>,
/// <c>ei:eiEventSignals</c>, <c>ei:eiTarget</c>) and <c>oadr:oadrResponseRequired</c>. Not carried:
/// <c>modificationDateTime</c>, <c>modificationReason</c>, <c>vtnComment</c>, <c>x-eiRampUp</c>,
/// <c>x-eiRecovery</c> and <c>ei:eiEventBaseline</c>.
/// </summary>
public sealed class OpenAdrEvent
{
    /// <summary><c>ei:eventDescriptor/ei:eventID</c> (non-empty).</summary>
    public required string EventId { get; init; }

    /// <summary><c>ei:eventDescriptor/ei:modificationNumber</c>: incremented each time the VTN modifies the event.</summary>
    public uint ModificationNumber { get; init; }

    /// <summary>
    /// <c>ei:eventDescriptor/ei:priority</c>: the lower the number the higher the priority; 0 (or absent) is no
    /// priority, the lowest.
    /// </summary>
    public uint Priority { get; init; }

    /// <summary><c>ei:eventDescriptor/ei:eiMarketContext/emix:marketContext</c>: a URI naming the DR program.</summary>
    public required string MarketContext { get; init; }

    /// <summary><c>ei:eventDescriptor/ei:createdDateTime</c> (UTC).</summary>
    public required DateTimeOffset CreatedDateTime { get; init; }

    /// <summary><c>ei:eventDescriptor/ei:eventStatus</c>.</summary>
    public required OpenAdrEventStatus EventStatus { get; init; }

    /// <summary><c>ei:eventDescriptor/ei:testEvent</c>: the schema says anything but <c>false</c> marks a test event.</summary>
    public bool Test { get; init; }

    /// <summary><c>ei:eiActivePeriod/xcal:properties/xcal:dtstart/xcal:date-time</c> (UTC).</summary>
    public required DateTimeOffset DtStart { get; init; }

    /// <summary>
    /// <c>ei:eiActivePeriod/xcal:properties/xcal:duration/xcal:duration</c>. <see cref="TimeSpan.Zero"/> is an
    /// open-ended event: active from <see cref="DtStart"/> until the VTN modifies or cancels it.
    /// </summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>
    /// <c>xcal:properties/xcal:tolerance/xcal:tolerate/xcal:startafter</c>: the window in which the VEN picks a random
    /// start delay, so a fleet does not switch at once; null when the VTN sets none.
    /// </summary>
    public TimeSpan? StartAfter { get; init; }

    /// <summary><c>xcal:properties/ei:x-eiNotification/xcal:duration</c>: how long before <see cref="DtStart"/> the VTN sends the event.</summary>
    public TimeSpan? Notification { get; init; }

    /// <summary><c>ei:eiEventSignals/ei:eiEventSignal</c>, in wire order (at least one in a valid payload).</summary>
    public IReadOnlyList<OpenAdrSignal> Signals { get; init; } = [];

    /// <summary><c>ei:eiTarget</c>.</summary>
    public OpenAdrTarget Target { get; init; } = OpenAdrTarget.Everyone;

    /// <summary><c>oadr:oadrResponseRequired</c>.</summary>
    public OpenAdrResponseRequired ResponseRequired { get; init; } = OpenAdrResponseRequired.Always;

    /// <summary>Whether the event is open-ended (<see cref="Duration"/> is zero).</summary>
    public bool IsOpenEnded => Duration == TimeSpan.Zero;

    /// <summary>The first <c>SIMPLE</c> (or 2.0a <c>simple</c>) signal, if the event has one.</summary>
    public OpenAdrSignal? SimpleSignal => Signals.FirstOrDefault(s => s.IsSimple);

    /// <summary>
    /// The levels of the <c>SIMPLE</c> signal as absolute periods (see <see cref="Schedule"/>); empty when the event
    /// has no such signal.
    /// </summary>
    /// <param name="startDelay">The random start delay the VEN drew inside <see cref="StartAfter"/>; zero by default.</param>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End, double Value)> SimpleLevels(TimeSpan startDelay = default) =>
        SimpleSignal is { } simple ? Schedule(simple, startDelay) : [];

    /// <summary>
    /// The intervals of <paramref name="signal"/> as absolute periods. The intervals follow each other from
    /// <see cref="DtStart"/> plus <paramref name="startDelay"/>, each lasting its <c>xcal:duration</c>.
    /// <list type="bullet">
    /// <item>An event with a duration is the bound: an interval running past the event's end is cut there, intervals
    /// starting at or after it are dropped, and an interval of duration zero runs to the event's end. If the intervals
    /// add up to less than the event, nothing is invented for the rest.</item>
    /// <item>An open-ended event (duration zero, which 2.0b defines as lasting until modified or cancelled): its last
    /// interval, and any interval of duration zero (which ends the list), runs to <see cref="DateTimeOffset.MaxValue"/>.</item>
    /// </list>
    /// Zero-length periods are not returned. Times saturate at <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    /// <param name="signal">One of <see cref="Signals"/> (any signal will do; its intervals are used).</param>
    /// <param name="startDelay">
    /// The random start delay the VEN drew, from zero up to <see cref="StartAfter"/> (zero when the event has none);
    /// it shifts the whole schedule.
    /// </param>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End, double Value)> Schedule(OpenAdrSignal signal, TimeSpan startDelay = default)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (startDelay < TimeSpan.Zero || startDelay > (StartAfter ?? TimeSpan.Zero))
        {
            throw new ArgumentOutOfRangeException(nameof(startDelay), startDelay,
                "the start delay must lie between zero and the event's startafter tolerance");
        }

        return Periods(signal.Intervals, Add(DtStart, startDelay), IsOpenEnded ? null : Duration);
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End, double Value)> Periods(IReadOnlyList<OpenAdrInterval> intervals,
        DateTimeOffset start, TimeSpan? duration)
    {
        DateTimeOffset eventEnd = duration is { } d ? Add(start, d) : DateTimeOffset.MaxValue;
        DateTimeOffset at = start;
        for (int i = 0; i < intervals.Count && at < eventEnd; i++)
        {
            OpenAdrInterval interval = intervals[i];
            bool last = i == intervals.Count - 1;
            DateTimeOffset end = interval.Duration == TimeSpan.Zero || (duration is null && last)
                ? eventEnd
                : Min(Add(at, interval.Duration), eventEnd);
            if (end > at)
            {
                yield return (at, end, interval.Value);
            }

            at = end;
        }
    }

    private static DateTimeOffset Add(DateTimeOffset at, TimeSpan span) =>
        DateTimeOffset.MaxValue - at <= span ? DateTimeOffset.MaxValue : at + span;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
