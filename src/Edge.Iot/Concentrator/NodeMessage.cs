using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>
/// A status message logged on a node (XEP-0326 §3.4 "Get Node Messages", schema type <c>Message</c>).
/// <see cref="Type"/> is kept as text: the schema lists Error/Warning/Information but the XEP's own example sends a
/// node state (<c>WarningUnsigned</c>).
/// </summary>
public sealed record NodeMessage(DateTimeOffset Timestamp, string Type, string Text, string? EventId = null)
{
    public XElement ToElement()
    {
        var element = new XElement(Wire.Ns + "message",
            new XAttribute("timestamp", Wire.DateTime(Timestamp)), new XAttribute("type", Type));
        if (EventId is not null)
        {
            element.SetAttributeValue("eventId", EventId);
        }

        element.Add(Text);
        return element;
    }

    /// <summary>Reads a <c>message</c> element; a missing type reads as <c>Information</c>.</summary>
    public static NodeMessage Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        string stamp = Wire.Attribute(element, "timestamp")
            ?? throw new XmppProtocolException("XEP-0326: a node message has no timestamp.");
        return new NodeMessage(Wire.ParseDateTime(stamp, "message timestamp"),
            Wire.Attribute(element, "type") ?? "Information", element.Value, Wire.Attribute(element, "eventId"));
    }
}
