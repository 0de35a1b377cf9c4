using System.Xml.Linq;
using Edge.Agent.DemandResponse.OpenAdr.Internal;

namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>The <c>oadr:oadrEvent</c> part of <see cref="OpenAdrReader"/>.</summary>
public static partial class OpenAdrReader
{
    private static readonly XNamespace Ei = OpenAdrNamespaces.Ei;
    private static readonly XNamespace Xcal = OpenAdrNamespaces.Xcal;

    /// <summary><c>oadr:oadrEvent</c>: <c>ei:eiEvent</c>, <c>oadr:oadrResponseRequired</c>.</summary>
    private static OpenAdrEvent? ReadEvent(XElement oadrEvent, int number, Reading r)
    {
        r.Where = $"oadr:oadrEvent #{number}";
        if (r.Child(oadrEvent, Ei + "eiEvent") is not { } eiEvent
            || r.Child(eiEvent, Ei + "eventDescriptor") is not { } descriptor
            || r.NonEmptyText(descriptor, Ei + "eventID") is not { } eventId)
        {
            return null;
        }

        r.Where = $"event {Reading.Quote(eventId)}";
        if (r.Text(oadrEvent, OpenAdrNamespaces.Oadr + "oadrResponseRequired") is not { } responseText
            || r.Child(eiEvent, Ei + "eiActivePeriod") is not { } activePeriod
            || r.Child(eiEvent, Ei + "eiEventSignals") is not { } signalsElement
            || r.Child(eiEvent, Ei + "eiTarget") is not { } targetElement)
        {
            return null;
        }

        OpenAdrResponseRequired? responseRequired = responseText switch
        {
            "always" => OpenAdrResponseRequired.Always,
            "never" => OpenAdrResponseRequired.Never,
            _ => null,
        };
        if (responseRequired is null)
        {
            r.Fail($"oadr:oadrResponseRequired {Reading.Quote(responseText)} is neither 'always' nor 'never'");
            return null;
        }

        if (ReadDescriptor(descriptor, r) is not { } e
            || ReadActivePeriod(activePeriod, r) is not { } period
            || ReadSignals(signalsElement, eventId, r) is not { } signals
            || ReadTarget(targetElement, r) is not { } target)
        {
            return null;
        }

        return new OpenAdrEvent
        {
            EventId = eventId,
            ModificationNumber = e.ModificationNumber,
            Priority = e.Priority,
            MarketContext = e.MarketContext,
            CreatedDateTime = e.CreatedDateTime,
            EventStatus = e.EventStatus,
            Test = e.Test,
            DtStart = period.DtStart,
            Duration = period.Duration,
            StartAfter = period.StartAfter,
            Notification = period.Notification,
            Signals = signals,
            Target = target,
            ResponseRequired = responseRequired.Value,
        };
    }

    private sealed record Descriptor(uint ModificationNumber, uint Priority, string MarketContext, DateTimeOffset CreatedDateTime,
        OpenAdrEventStatus EventStatus, bool Test);

    /// <summary>
    /// <c>ei:eventDescriptor</c> after <c>eventID</c>: <c>modificationNumber</c>, <c>priority</c>?,
    /// <c>eiMarketContext</c>, <c>createdDateTime</c>, <c>eventStatus</c>, <c>testEvent</c>? (the rest ignored).
    /// </summary>
    private static Descriptor? ReadDescriptor(XElement descriptor, Reading r)
    {
        if (r.Text(descriptor, Ei + "modificationNumber") is not { } modificationText
            || r.Child(descriptor, Ei + "eiMarketContext") is not { } marketContextElement
            || r.Text(marketContextElement, OpenAdrNamespaces.Emix + "marketContext") is not { } marketContext
            || r.Text(descriptor, Ei + "createdDateTime") is not { } createdText
            || r.Text(descriptor, Ei + "eventStatus") is not { } statusText)
        {
            return null;
        }

        if (!XcalValues.TryParseUnsignedInt(modificationText, out uint modificationNumber))
        {
            r.Fail($"ei:modificationNumber {Reading.Quote(modificationText)} is not an unsigned integer");
            return null;
        }

        uint priority = 0;
        if (descriptor.Element(Ei + "priority") is { } priorityElement
            && !XcalValues.TryParseUnsignedInt(Reading.Trim(priorityElement.Value), out priority))
        {
            r.Fail($"ei:priority {Reading.Quote(Reading.Trim(priorityElement.Value))} is not an unsigned integer");
            return null;
        }

        if (!TryDateTime(createdText, Ei + "createdDateTime", r, out DateTimeOffset created))
        {
            return null;
        }

        OpenAdrEventStatus? status = statusText switch
        {
            "none" => OpenAdrEventStatus.None,
            "far" => OpenAdrEventStatus.Far,
            "near" => OpenAdrEventStatus.Near,
            "active" => OpenAdrEventStatus.Active,
            "completed" => OpenAdrEventStatus.Completed,
            "cancelled" => OpenAdrEventStatus.Cancelled,
            _ => null,
        };
        if (status is null)
        {
            r.Fail($"unknown ei:eventStatus {Reading.Quote(statusText)} (expected none, far, near, active, completed or cancelled)");
            return null;
        }

        // oadr_ei_20b.xsd: "Anything other than false indicates a test event".
        bool test = descriptor.Element(Ei + "testEvent") is { } testElement
            && !string.Equals(Reading.Trim(testElement.Value), "false", StringComparison.OrdinalIgnoreCase);

        return new Descriptor(modificationNumber, priority, marketContext, created, status.Value, test);
    }

    private sealed record ActivePeriod(DateTimeOffset DtStart, TimeSpan Duration, TimeSpan? StartAfter, TimeSpan? Notification);

    /// <summary>
    /// <c>ei:eiActivePeriod/xcal:properties</c>: <c>dtstart/date-time</c>, <c>duration/duration</c>,
    /// <c>tolerance/tolerate/startafter</c>?, <c>ei:x-eiNotification/duration</c>?.
    /// </summary>
    private static ActivePeriod? ReadActivePeriod(XElement activePeriod, Reading r)
    {
        if (r.Child(activePeriod, Xcal + "properties") is not { } properties
            || r.Child(properties, Xcal + "dtstart") is not { } dtstart
            || r.Text(dtstart, Xcal + "date-time") is not { } startText
            || !TryDateTime(startText, Xcal + "dtstart", r, out DateTimeOffset start)
            || r.Child(properties, Xcal + "duration") is not { } durationElement
            || DurationProperty(durationElement, r) is not { } duration)
        {
            return null;
        }

        TimeSpan? startAfter = null;
        if (properties.Element(Xcal + "tolerance") is { } tolerance)
        {
            if (r.Child(tolerance, Xcal + "tolerate") is not { } tolerate)
            {
                return null;
            }

            if (tolerate.Element(Xcal + "startafter") is { } startAfterElement)
            {
                if (!TryDuration(Reading.Trim(startAfterElement.Value), Xcal + "startafter", r, out TimeSpan value))
                {
                    return null;
                }

                startAfter = value;
            }
        }

        TimeSpan? notification = null;
        if (properties.Element(Ei + "x-eiNotification") is { } notificationElement)
        {
            if (DurationProperty(notificationElement, r) is not { } value)
            {
                return null;
            }

            notification = value;
        }

        return new ActivePeriod(start, duration, startAfter, notification);
    }

    /// <summary><c>ei:eiEventSignals/ei:eiEventSignal</c>+ (an <c>ei:eiEventBaseline</c> is ignored).</summary>
    private static List<OpenAdrSignal>? ReadSignals(XElement signalsElement, string eventId, Reading r)
    {
        List<XElement> elements = [.. signalsElement.Elements(Ei + "eiEventSignal").Take(MaxSignalsPerEvent + 1)];
        if (elements.Count == 0)
        {
            r.Fail("ei:eiEventSignals has no ei:eiEventSignal");
            return null;
        }

        if (elements.Count > MaxSignalsPerEvent)
        {
            r.Fail($"more than {MaxSignalsPerEvent} ei:eiEventSignal elements");
            return null;
        }

        var signals = new List<OpenAdrSignal>(elements.Count);
        for (int i = 0; i < elements.Count; i++)
        {
            r.Where = $"event {Reading.Quote(eventId)}, signal #{i + 1}";
            if (ReadSignal(elements[i], r) is not { } signal)
            {
                return null;
            }

            signals.Add(signal);
        }

        r.Where = $"event {Reading.Quote(eventId)}";
        return signals;
    }

    /// <summary>
    /// <c>ei:eiEventSignal</c>: <c>strm:intervals</c>, <c>signalName</c>, <c>signalType</c>, <c>signalID</c>,
    /// <c>currentValue/payloadFloat/value</c>?.
    /// </summary>
    private static OpenAdrSignal? ReadSignal(XElement signal, Reading r)
    {
        if (r.NonEmptyText(signal, Ei + "signalName") is not { } name
            || r.NonEmptyText(signal, Ei + "signalType") is not { } type
            || r.Text(signal, Ei + "signalID") is not { } id
            || r.Child(signal, OpenAdrNamespaces.Strm + "intervals") is not { } intervalsElement)
        {
            return null;
        }

        double? currentValue = null;
        if (signal.Element(Ei + "currentValue") is { } currentElement)
        {
            if (PayloadFloat(currentElement, r) is not { } value)
            {
                return null;
            }

            currentValue = value;
        }

        List<XElement> elements = [.. intervalsElement.Elements(Ei + "interval").Take(MaxIntervalsPerSignal + 1)];
        if (elements.Count == 0)
        {
            r.Fail("strm:intervals has no ei:interval");
            return null;
        }

        if (elements.Count > MaxIntervalsPerSignal)
        {
            r.Fail($"more than {MaxIntervalsPerSignal} ei:interval elements");
            return null;
        }

        string where = r.Where;
        var intervals = new List<OpenAdrInterval>(elements.Count);
        for (int i = 0; i < elements.Count; i++)
        {
            r.Where = $"{where}, interval #{i + 1}";
            if (ReadInterval(elements[i], r) is not { } interval)
            {
                return null;
            }

            intervals.Add(interval);
        }

        r.Where = where;
        return new OpenAdrSignal { SignalName = name, SignalType = type, SignalId = id, CurrentValue = currentValue, Intervals = intervals };
    }

    /// <summary><c>ei:interval</c>: <c>xcal:duration/duration</c>, <c>xcal:uid/text</c>?, <c>ei:signalPayload/payloadFloat/value</c>.</summary>
    private static OpenAdrInterval? ReadInterval(XElement interval, Reading r)
    {
        if (r.Child(interval, Xcal + "duration") is not { } durationElement
            || DurationProperty(durationElement, r) is not { } duration
            || r.Child(interval, Ei + "signalPayload") is not { } payload
            || PayloadFloat(payload, r) is not { } value)
        {
            return null;
        }

        string? uid = null;
        if (interval.Element(Xcal + "uid") is { } uidElement)
        {
            if (r.Text(uidElement, Xcal + "text") is not { } uidText)
            {
                return null;
            }

            uid = uidText;
        }

        return new OpenAdrInterval { Uid = uid, Duration = duration, Value = value };
    }

    /// <summary><c>ei:eiTarget</c>: <c>groupID</c>*, <c>resourceID</c>*, <c>venID</c>*, <c>partyID</c>*; other criteria by name.</summary>
    private static OpenAdrTarget? ReadTarget(XElement target, Reading r)
    {
        List<string> venIds = [], groupIds = [], resourceIds = [], partyIds = [], other = [];
        int count = 0;
        foreach (XElement criterion in target.Elements())
        {
            if (++count > MaxTargetIds)
            {
                r.Fail($"ei:eiTarget has more than {MaxTargetIds} criteria");
                return null;
            }

            List<string>? list = criterion.Name.NamespaceName == OpenAdrNamespaces.EiUri
                ? criterion.Name.LocalName switch
                {
                    "venID" => venIds,
                    "groupID" => groupIds,
                    "resourceID" => resourceIds,
                    "partyID" => partyIds,
                    _ => null,
                }
                : null;
            if (list is null)
            {
                if (!other.Contains(criterion.Name.LocalName))
                {
                    other.Add(criterion.Name.LocalName);
                }

                continue;
            }

            string id = Reading.Trim(criterion.Value);
            if (id.Length == 0)
            {
                r.Fail($"{Reading.Name(criterion.Name)} in ei:eiTarget is empty");
                return null;
            }

            list.Add(id);
        }

        return new OpenAdrTarget { VenIds = venIds, GroupIds = groupIds, ResourceIds = resourceIds, PartyIds = partyIds, OtherCriteria = other };
    }

    /// <summary>An <c>xcal:DurationPropType</c> element: its <c>xcal:duration</c> child's value.</summary>
    private static TimeSpan? DurationProperty(XElement property, Reading r) =>
        r.Text(property, Xcal + "duration") is { } text && TryDuration(text, property.Name, r, out TimeSpan value) ? value : null;

    /// <summary><c>…/ei:payloadFloat/ei:value</c>: a finite number.</summary>
    private static double? PayloadFloat(XElement holder, Reading r)
    {
        if (r.Child(holder, Ei + "payloadFloat") is not { } payloadFloat || r.Text(payloadFloat, Ei + "value") is not { } text)
        {
            return null;
        }

        if (!XcalValues.TryParseFloat(text, out double value))
        {
            r.Fail($"{Reading.Name(holder.Name)} value {Reading.Quote(text)} is not a finite number");
            return null;
        }

        return value;
    }

    private static bool TryDuration(string text, XName element, Reading r, out TimeSpan value)
    {
        if (!XcalValues.TryParseDuration(text, out value, out string? reason))
        {
            r.Fail($"bad xcal duration {Reading.Quote(text)} in {Reading.Name(element)}: {reason}");
            return false;
        }

        return true;
    }

    private static bool TryDateTime(string text, XName element, Reading r, out DateTimeOffset value)
    {
        if (!XcalValues.TryParseDateTime(text, out value, out string? reason))
        {
            r.Fail($"bad xcal date-time {Reading.Quote(text)} in {Reading.Name(element)}: {reason}");
            return false;
        }

        return true;
    }
}
