using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.SensorData.Internal;
using Edge.Things;

namespace Edge.Iot.SensorData;

/// <summary>
/// An XEP-0323 <c>fields</c> element (§3.1): part of a readout's result, one <see cref="Reading"/> per <c>node</c>
/// element, and whether it is the last message of the readout (<c>done</c>).
/// </summary>
public sealed class FieldsMessage
{
    public FieldsMessage(int seqNr, IReadOnlyList<Reading> nodes, bool done)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        SeqNr = seqNr;
        Nodes = nodes;
        Done = done;
    }

    public int SeqNr { get; }

    /// <summary>The readings, one per <c>node</c> element, in document order.</summary>
    public IReadOnlyList<Reading> Nodes { get; }

    public bool Done { get; }

    public XElement ToElement()
    {
        var element = new XElement(SensorDataNamespaces.SensorData + "fields", new XAttribute("seqnr", SeqNr));
        if (Done)
        {
            element.SetAttributeValue("done", "true");
        }

        element.Add(Nodes.Select(FieldsElement.Node));
        return element;
    }

    /// <summary>Reads a <c>fields</c> element; times without a zone are UTC.</summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out FieldsMessage? message, [NotNullWhen(false)] out string? error) =>
        TryParse(element, TimeZoneInfo.Utc, out message, out error);

    /// <summary>Reads a <c>fields</c> element; times without a zone are read in <paramref name="unzoned"/>.</summary>
    public static bool TryParse(XElement element, TimeZoneInfo unzoned, [NotNullWhen(true)] out FieldsMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        message = null;
        if (!WireAttributes.TryExpect(element, "fields", out error)
            || !WireAttributes.TryGetSeqNr(element, out var seqNr, out error)
            || !WireAttributes.TryGetBoolean(element, "done", out var done, out error))
        {
            return false;
        }

        var nodes = new List<Reading>();
        foreach (var node in element.Elements(SensorDataNamespaces.SensorData + "node"))
        {
            if (!FieldsElement.TryParseNode(node, unzoned, out var reading, out error))
            {
                return false;
            }

            nodes.Add(reading);
        }

        message = new FieldsMessage(seqNr, nodes, done);
        return true;
    }
}
