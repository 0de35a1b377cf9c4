using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml.Linq;
using Edge.Agent.DemandResponse.OpenAdr.Internal;
using Edge.Xmpp;

namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// Reads an OpenADR 2.0b <c>oadr:oadrDistributeEvent</c> from untrusted input: either the full
/// <c>oadr:oadrPayload/oadr:oadrSignedObject/oadr:oadrDistributeEvent</c> (an XML signature, if any, is not checked),
/// an <c>oadr:oadrSignedObject</c>, or a bare <c>oadr:oadrDistributeEvent</c> (what a backend publishes as a pubsub
/// item). Never throws for bad input: a refusal comes back as a sentence naming the element and what is wrong with it.
/// <para>
/// Limits: at most <see cref="MaxPayloadBytes"/> bytes, <see cref="MaxDepth"/> levels of elements, no DTD, no
/// external resolution; at most <see cref="MaxEvents"/> events, <see cref="MaxSignalsPerEvent"/> signals per event,
/// <see cref="MaxIntervalsPerSignal"/> intervals per signal and <see cref="MaxTargetIds"/> target criteria per event.
/// </para>
/// <para>
/// What the schema requires is required here (eventID, modificationNumber, eiMarketContext, createdDateTime,
/// eventStatus, dtstart, duration, eiTarget, signalName, signalType, signalID, oadrResponseRequired…), with two
/// exceptions: the order of siblings is not enforced, and <c>xcal:components</c> (always nil in 2.0b) is not looked
/// for. Beyond the schema, every <c>ei:interval</c> must carry an <c>xcal:duration</c> (the schedule is built from
/// them), an eventID must be non-empty and unique within the payload, and values are read strictly (see
/// <see cref="OpenAdrEvent"/> for the fields). Elements the model does not carry are ignored.
/// </para>
/// </summary>
public static partial class OpenAdrReader
{
    /// <summary>The largest payload read, in bytes (UTF-8 for a string).</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    /// <summary>The deepest element nesting accepted (a 2.0b event payload needs about 10).</summary>
    public const int MaxDepth = 32;

    /// <summary>The most <c>oadr:oadrEvent</c>s in one payload.</summary>
    public const int MaxEvents = 64;

    /// <summary>The most <c>ei:eiEventSignal</c>s in one event.</summary>
    public const int MaxSignalsPerEvent = 16;

    /// <summary>The most <c>ei:interval</c>s in one signal (a day of 5-minute intervals).</summary>
    public const int MaxIntervalsPerSignal = 288;

    /// <summary>The most criteria (child elements) in one <c>ei:eiTarget</c>.</summary>
    public const int MaxTargetIds = 1024;

    /// <summary>Reads a payload held as a string.</summary>
    public static bool TryParse(string xml, [NotNullWhen(true)] out OpenAdrDistributeEvent? message, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(xml);
        message = null;
        if (xml.Length > MaxPayloadBytes || Encoding.UTF8.GetByteCount(xml) > MaxPayloadBytes)
        {
            error = TooLarge;
            return false;
        }

        if (!BoundedXml.TryLoad(xml, Markup, out var root, out error))
        {
            return false;
        }

        return TryParse(root, out message, out error);
    }

    /// <summary>Reads a payload held as bytes: UTF-8, or UTF-16 after its byte-order mark; an XML declaration naming another encoding is refused.</summary>
    public static bool TryParse(ReadOnlySpan<byte> xml, [NotNullWhen(true)] out OpenAdrDistributeEvent? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (xml.Length > MaxPayloadBytes)
        {
            error = TooLarge;
            return false;
        }

        if (!BoundedXml.TryLoad(xml, Markup, out var root, out error))
        {
            return false;
        }

        return TryParse(root, out message, out error);
    }

    /// <summary>
    /// Reads a payload from <paramref name="stream"/>, synchronously and at most <see cref="MaxPayloadBytes"/> + 1
    /// bytes of it. The stream is not closed. An I/O failure of the stream throws as the stream does.
    /// </summary>
    public static bool TryParse(Stream stream, [NotNullWhen(true)] out OpenAdrDistributeEvent? message, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] buffer = new byte[MaxPayloadBytes + 1];
        int length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        return TryParse(buffer.AsSpan(0, length), out message, out error);
    }

    /// <summary>
    /// Reads a payload already parsed (for example a pubsub item's child as the XMPP stack hands it over, which
    /// applied its own limits); the event, signal, interval and target limits apply.
    /// </summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out OpenAdrDistributeEvent? message, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        var reading = new Reading();
        message = ReadRoot(element, reading);
        error = reading.Error;
        if (message is null)
        {
            error ??= "unreadable payload";
            return false;
        }

        return true;
    }

    private static string TooLarge => $"the payload is larger than {MaxPayloadBytes} bytes";

    private static XmlMarkupOptions Markup { get; } = BoundedXml.Options(MaxPayloadBytes, MaxDepth);

    private static OpenAdrDistributeEvent? ReadRoot(XElement root, Reading r)
    {
        XNamespace oadr = OpenAdrNamespaces.Oadr;
        XElement element = root;
        if (element.Name == oadr + "oadrPayload")
        {
            if (r.Child(element, oadr + "oadrSignedObject") is not { } signed)
            {
                return null;
            }

            element = signed;
        }

        if (element.Name == oadr + "oadrSignedObject")
        {
            XElement? carried = element.Elements().FirstOrDefault();
            if (carried is null || carried.Name != oadr + "oadrDistributeEvent")
            {
                r.Fail($"oadr:oadrSignedObject carries {(carried is null ? "nothing" : Reading.Name(carried.Name))}, not oadr:oadrDistributeEvent");
                return null;
            }

            element = carried;
        }

        if (element.Name != oadr + "oadrDistributeEvent")
        {
            r.Fail($"expected oadr:oadrPayload or oadr:oadrDistributeEvent, found {Reading.Name(element.Name)}");
            return null;
        }

        return ReadDistributeEvent(element, r);
    }

    private static OpenAdrDistributeEvent? ReadDistributeEvent(XElement distribute, Reading r)
    {
        r.Where = "oadr:oadrDistributeEvent";
        string? requestId = r.Text(distribute, OpenAdrNamespaces.Pyld + "requestID");
        string? vtnId = r.Text(distribute, OpenAdrNamespaces.Ei + "vtnID");
        if (requestId is null || vtnId is null)
        {
            return null;
        }

        List<XElement> elements = [.. distribute.Elements(OpenAdrNamespaces.Oadr + "oadrEvent").Take(MaxEvents + 1)];
        if (elements.Count > MaxEvents)
        {
            r.Fail($"more than {MaxEvents} oadr:oadrEvent elements");
            return null;
        }

        var events = new List<OpenAdrEvent>(elements.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < elements.Count; i++)
        {
            if (ReadEvent(elements[i], i + 1, r) is not { } e)
            {
                return null;
            }

            r.Where = "oadr:oadrDistributeEvent";
            if (!ids.Add(e.EventId))
            {
                r.Fail($"eventID {Reading.Quote(e.EventId)} appears in more than one oadr:oadrEvent");
                return null;
            }

            events.Add(e);
        }

        return new OpenAdrDistributeEvent { RequestId = requestId, VtnId = vtnId, Events = events };
    }
}
