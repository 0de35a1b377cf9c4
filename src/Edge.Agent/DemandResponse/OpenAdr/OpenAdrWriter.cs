using System.Globalization;
using System.Xml.Linq;
using Edge.Agent.DemandResponse.OpenAdr.Internal;
using Edge.Xmpp;

namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// Writes an <see cref="OpenAdrDistributeEvent"/> as OpenADR 2.0b XML, every sequence in the order
/// <c>oadr_20b.xsd</c>, <c>oadr_ei_20b.xsd</c>, <c>oadr_xcal_20b.xsd</c> and <c>oadr_strm_20b.xsd</c> declare it:
/// <code>
/// oadrDistributeEvent: pyld:requestID, ei:vtnID, oadr:oadrEvent*
/// oadrEvent:           ei:eiEvent, oadr:oadrResponseRequired
/// eiEvent:             ei:eventDescriptor, ei:eiActivePeriod, ei:eiEventSignals, ei:eiTarget
/// eventDescriptor:     eventID, modificationNumber, priority?, eiMarketContext/emix:marketContext, createdDateTime,
///                      eventStatus, testEvent
/// eiActivePeriod:      xcal:properties(dtstart/date-time, duration/duration, tolerance/tolerate/startafter?,
///                      ei:x-eiNotification/duration?), xcal:components (nil)
/// eiEventSignal:       strm:intervals(ei:interval(xcal:duration/duration, xcal:uid/text?,
///                      ei:signalPayload/payloadFloat/value)+), signalName, signalType, signalID, currentValue?
/// eiTarget:            groupID*, resourceID*, venID*, partyID*
/// </code>
/// <c>priority</c> is written only when non-zero (absent means none). The output reads back through
/// <see cref="OpenAdrReader"/> to the same values. A model the reader would refuse (empty eventID, a signal without
/// intervals, a negative or fractional-second duration, a non-finite value…) throws <see cref="ArgumentException"/>.
/// </summary>
public static class OpenAdrWriter
{
    private static readonly XNamespace Oadr = OpenAdrNamespaces.Oadr;
    private static readonly XNamespace Ei = OpenAdrNamespaces.Ei;
    private static readonly XNamespace Xcal = OpenAdrNamespaces.Xcal;

    /// <summary>The bare <c>oadr:oadrDistributeEvent</c> (the form published as a pubsub item), with the namespaces declared on it.</summary>
    public static XElement Write(OpenAdrDistributeEvent message) => Declare(DistributeEvent(message));

    /// <summary><c>oadr:oadrPayload/oadr:oadrSignedObject/oadr:oadrDistributeEvent</c>, unsigned (no <c>ds:Signature</c>).</summary>
    public static XElement WritePayload(OpenAdrDistributeEvent message) =>
        Declare(new XElement(Oadr + "oadrPayload", new XElement(Oadr + "oadrSignedObject", DistributeEvent(message))));

    /// <summary><see cref="Write"/> as a string without indentation.</summary>
    public static string WriteString(OpenAdrDistributeEvent message) => XmlMarkup.ToText(Write(message));

    private static XElement Declare(XElement root)
    {
        root.Add(
            new XAttribute(XNamespace.Xmlns + "oadr", OpenAdrNamespaces.OadrUri),
            new XAttribute(XNamespace.Xmlns + "pyld", OpenAdrNamespaces.PyldUri),
            new XAttribute(XNamespace.Xmlns + "ei", OpenAdrNamespaces.EiUri),
            new XAttribute(XNamespace.Xmlns + "emix", OpenAdrNamespaces.EmixUri),
            new XAttribute(XNamespace.Xmlns + "xcal", OpenAdrNamespaces.XcalUri),
            new XAttribute(XNamespace.Xmlns + "strm", OpenAdrNamespaces.StrmUri),
            new XAttribute(XNamespace.Xmlns + "xsi", OpenAdrNamespaces.XsiUri));
        return root;
    }

    private static XElement DistributeEvent(OpenAdrDistributeEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.RequestId);
        ArgumentNullException.ThrowIfNull(message.VtnId);
        if (message.Events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count() != message.Events.Count)
        {
            throw new ArgumentException("every eventID in a distribution must be unique", nameof(message));
        }

        return new XElement(Oadr + "oadrDistributeEvent",
            new XAttribute(Ei + "schemaVersion", "2.0b"),
            new XElement(OpenAdrNamespaces.Pyld + "requestID", message.RequestId),
            new XElement(Ei + "vtnID", message.VtnId),
            message.Events.Select(Event));
    }

    private static XElement Event(OpenAdrEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrEmpty(e.EventId, nameof(e));
        ArgumentNullException.ThrowIfNull(e.MarketContext);
        if (e.Signals.Count == 0)
        {
            throw new ArgumentException($"event '{e.EventId}' has no signal (ei:eiEventSignals needs at least one)", nameof(e));
        }

        return new XElement(Oadr + "oadrEvent",
            new XElement(Ei + "eiEvent",
                new XElement(Ei + "eventDescriptor",
                    new XElement(Ei + "eventID", e.EventId),
                    new XElement(Ei + "modificationNumber", Number(e.ModificationNumber)),
                    e.Priority == 0 ? null : new XElement(Ei + "priority", Number(e.Priority)),
                    new XElement(Ei + "eiMarketContext", new XElement(OpenAdrNamespaces.Emix + "marketContext", e.MarketContext)),
                    new XElement(Ei + "createdDateTime", XcalValues.FormatDateTime(e.CreatedDateTime)),
                    new XElement(Ei + "eventStatus", Status(e.EventStatus)),
                    new XElement(Ei + "testEvent", e.Test ? "true" : "false")),
                new XElement(Ei + "eiActivePeriod",
                    new XElement(Xcal + "properties",
                        new XElement(Xcal + "dtstart", new XElement(Xcal + "date-time", XcalValues.FormatDateTime(e.DtStart))),
                        DurationProperty(Xcal + "duration", e.Duration),
                        e.StartAfter is { } startAfter
                            ? new XElement(Xcal + "tolerance",
                                new XElement(Xcal + "tolerate", new XElement(Xcal + "startafter", XcalValues.FormatDuration(startAfter))))
                            : null,
                        e.Notification is { } notification ? DurationProperty(Ei + "x-eiNotification", notification) : null),
                    new XElement(Xcal + "components", new XAttribute(OpenAdrNamespaces.Xsi + "nil", "true"))),
                new XElement(Ei + "eiEventSignals", e.Signals.Select(Signal)),
                Target(e.Target)),
            new XElement(Oadr + "oadrResponseRequired", e.ResponseRequired == OpenAdrResponseRequired.Always ? "always" : "never"));
    }

    private static XElement Signal(OpenAdrSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentException.ThrowIfNullOrEmpty(signal.SignalName, nameof(signal));
        ArgumentException.ThrowIfNullOrEmpty(signal.SignalType, nameof(signal));
        ArgumentNullException.ThrowIfNull(signal.SignalId);
        if (signal.Intervals.Count == 0)
        {
            throw new ArgumentException($"signal '{signal.SignalId}' has no interval (strm:intervals needs at least one)", nameof(signal));
        }

        return new XElement(Ei + "eiEventSignal",
            new XElement(OpenAdrNamespaces.Strm + "intervals", signal.Intervals.Select(Interval)),
            new XElement(Ei + "signalName", signal.SignalName),
            new XElement(Ei + "signalType", signal.SignalType),
            new XElement(Ei + "signalID", signal.SignalId),
            signal.CurrentValue is { } current ? new XElement(Ei + "currentValue", PayloadFloat(current)) : null);
    }

    private static XElement Interval(OpenAdrInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return new XElement(Ei + "interval",
            DurationProperty(Xcal + "duration", interval.Duration),
            interval.Uid is { } uid ? new XElement(Xcal + "uid", new XElement(Xcal + "text", uid)) : null,
            new XElement(Ei + "signalPayload", PayloadFloat(interval.Value)));
    }

    private static XElement Target(OpenAdrTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.GroupIds.Concat(target.ResourceIds).Concat(target.VenIds).Concat(target.PartyIds).Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("an ei:eiTarget identifier is empty", nameof(target));
        }

        return new XElement(Ei + "eiTarget",
            target.GroupIds.Select(id => new XElement(Ei + "groupID", id)),
            target.ResourceIds.Select(id => new XElement(Ei + "resourceID", id)),
            target.VenIds.Select(id => new XElement(Ei + "venID", id)),
            target.PartyIds.Select(id => new XElement(Ei + "partyID", id)));
    }

    private static XElement DurationProperty(XName name, TimeSpan value) =>
        new(name, new XElement(Xcal + "duration", XcalValues.FormatDuration(value)));

    private static XElement PayloadFloat(double value) =>
        new(Ei + "payloadFloat", new XElement(Ei + "value", XcalValues.FormatFloat(value)));

    private static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Status(OpenAdrEventStatus status) => status switch
    {
        OpenAdrEventStatus.None => "none",
        OpenAdrEventStatus.Far => "far",
        OpenAdrEventStatus.Near => "near",
        OpenAdrEventStatus.Active => "active",
        OpenAdrEventStatus.Completed => "completed",
        OpenAdrEventStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an ei:eventStatus"),
    };
}
