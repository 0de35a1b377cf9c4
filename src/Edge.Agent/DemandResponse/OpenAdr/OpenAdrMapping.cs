using System.Text;

namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// How an OpenADR 2.0b event (<c>ei:eiEvent</c>) becomes the engine's <see cref="GridEvent"/>:
/// <list type="bullet">
/// <item><c>eventDescriptor/eventID</c> and <c>modificationNumber</c> → the event's identity and version;
/// <c>eventStatus</c> <c>cancelled</c> or <c>completed</c> → a cancelled event (what it shed is restored);</item>
/// <item>the <c>SIMPLE</c> signal's intervals (<c>strm:intervals</c>, each <c>xcal:duration</c> after the previous,
/// from <c>xcal:dtstart</c>, bounded by the event's <c>xcal:duration</c>) → the schedule; each interval's
/// <c>payloadFloat</c> level 0 sheds nothing, 1, 2 and 3 shed down to the configured depths
/// (<see cref="DemandResponseOptions.ProgramOptions.LevelDepths"/>), a level above 3 counts as 3;</item>
/// <item>an event without a SIMPLE signal whose <c>currentValue</c> says nothing either sheds nothing (other signal
/// types — price, load control — are not acted on);</item>
/// <item><c>xcal:tolerance/tolerate/startafter</c> → a start delay inside it, the same for this device and event at
/// every delivery (a hash of the VEN id and event id), different across a fleet: the randomisation 2.0b asks for.</item>
/// </list>
/// </summary>
public static class OpenAdrMapping
{
    /// <summary>The engine's event for <paramref name="openAdrEvent"/> as this device (<paramref name="venId"/>) sees it.</summary>
    public static GridEvent ToGridEvent(OpenAdrEvent openAdrEvent, IReadOnlyList<int> levelDepths, string venId)
    {
        ArgumentNullException.ThrowIfNull(openAdrEvent);
        ArgumentNullException.ThrowIfNull(levelDepths);
        ArgumentException.ThrowIfNullOrEmpty(venId);
        TimeSpan delay = StartDelay(openAdrEvent, venId);
        var intervals = new List<GridEventInterval>();
        foreach ((DateTimeOffset start, DateTimeOffset end, double value) in openAdrEvent.SimpleLevels(delay))
        {
            intervals.Add(new GridEventInterval(start, end, Depth(value, levelDepths)));
        }

        bool cancelled = openAdrEvent.EventStatus is OpenAdrEventStatus.Cancelled or OpenAdrEventStatus.Completed;
        if (intervals.Count == 0)
        {
            // No SIMPLE levels: kept as a known event (so a later modification compares), shedding nothing.
            DateTimeOffset start = openAdrEvent.DtStart + delay;
            DateTimeOffset end = openAdrEvent.IsOpenEnded ? DateTimeOffset.MaxValue : start + openAdrEvent.Duration;
            intervals.Add(new GridEventInterval(start, end, -1));
        }

        return new GridEvent(openAdrEvent.EventId, openAdrEvent.ModificationNumber, intervals, cancelled);
    }

    /// <summary>The shed depth for a SIMPLE level (-1 = shed nothing).</summary>
    public static int Depth(double level, IReadOnlyList<int> levelDepths)
    {
        ArgumentNullException.ThrowIfNull(levelDepths);
        int rounded = double.IsFinite(level) ? (int)Math.Round(Math.Clamp(level, 0, 3), MidpointRounding.AwayFromZero) : 0;
        return rounded == 0 ? -1 : levelDepths[rounded - 1];
    }

    /// <summary>This device's start delay for the event: in [0, startafter], fixed per (VEN, event).</summary>
    public static TimeSpan StartDelay(OpenAdrEvent openAdrEvent, string venId)
    {
        ArgumentNullException.ThrowIfNull(openAdrEvent);
        if (openAdrEvent.StartAfter is not { } tolerance || tolerance <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        // FNV-1a over "venId\nEventId": stable across restarts and runtimes (string.GetHashCode is randomised per process).
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(venId + "\n" + openAdrEvent.EventId))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        double fraction = (hash >> 11) / (double)(1UL << 53);
        return TimeSpan.FromTicks((long)(tolerance.Ticks * fraction));
    }
}
