using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.SensorData.Internal;

namespace Edge.Iot.SensorData;

/// <summary>
/// The XEP-0323 <c>accepted</c> IQ result (§3.1): the device took the readout; <see cref="Queued"/> when it runs later
/// (a <c>started</c> message follows when it begins).
/// </summary>
public sealed record ReadoutAccepted(int SeqNr, bool Queued = false)
{
    public XElement ToElement()
    {
        var element = new XElement(SensorDataNamespaces.SensorData + "accepted", new XAttribute("seqnr", SeqNr));
        if (Queued)
        {
            element.SetAttributeValue("queued", "true");
        }

        return element;
    }

    public static bool TryParse(XElement element, [NotNullWhen(true)] out ReadoutAccepted? accepted, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        accepted = null;
        if (!WireAttributes.TryExpect(element, "accepted", out error)
            || !WireAttributes.TryGetSeqNr(element, out var seqNr, out error)
            || !WireAttributes.TryGetBoolean(element, "queued", out var queued, out error))
        {
            return false;
        }

        accepted = new ReadoutAccepted(seqNr, queued);
        return true;
    }
}
