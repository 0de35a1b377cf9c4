using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.SensorData.Internal;

namespace Edge.Iot.SensorData;

/// <summary>An XEP-0323 <c>started</c>, <c>done</c>, <c>cancel</c> or <c>cancelled</c> element.</summary>
public sealed record ReadoutSignal(ReadoutSignalKind Kind, int SeqNr)
{
    public XElement ToElement() => new(SensorDataNamespaces.SensorData + LocalName(Kind), new XAttribute("seqnr", SeqNr));

    /// <summary>Reads any of the four elements; the element's name gives <see cref="Kind"/>.</summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out ReadoutSignal? signal, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        signal = null;
        ReadoutSignalKind? kind = element.Name.Namespace == SensorDataNamespaces.SensorData
            ? element.Name.LocalName switch
            {
                "started" => ReadoutSignalKind.Started,
                "done" => ReadoutSignalKind.Done,
                "cancel" => ReadoutSignalKind.Cancel,
                "cancelled" => ReadoutSignalKind.Cancelled,
                _ => null,
            }
            : null;
        if (kind is null)
        {
            error = $"<{element.Name.LocalName} xmlns='{element.Name.NamespaceName}'/> is not an XEP-0323 started, done, cancel or cancelled element.";
            return false;
        }

        if (!WireAttributes.TryGetSeqNr(element, out var seqNr, out error))
        {
            return false;
        }

        signal = new ReadoutSignal(kind.Value, seqNr);
        return true;
    }

    private static string LocalName(ReadoutSignalKind kind) => kind switch
    {
        ReadoutSignalKind.Started => "started",
        ReadoutSignalKind.Done => "done",
        ReadoutSignalKind.Cancel => "cancel",
        ReadoutSignalKind.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown readout signal."),
    };
}
