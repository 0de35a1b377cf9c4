using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.SensorData.Internal;

namespace Edge.Iot.SensorData;

/// <summary>
/// An XEP-0323 <c>failure</c> element (§3.2): errors met while reading nodes, one <c>error</c> per node, and whether
/// it is the last message of the readout (<c>done</c>).
/// </summary>
public sealed class FailureMessage
{
    public FailureMessage(int seqNr, IReadOnlyList<ReadoutError> errors, bool done)
    {
        ArgumentNullException.ThrowIfNull(errors);
        SeqNr = seqNr;
        Errors = errors;
        Done = done;
    }

    public int SeqNr { get; }

    public IReadOnlyList<ReadoutError> Errors { get; }

    public bool Done { get; }

    public XElement ToElement()
    {
        var ns = SensorDataNamespaces.SensorData;
        var element = new XElement(ns + "failure", new XAttribute("seqnr", SeqNr));
        if (Done)
        {
            element.SetAttributeValue("done", "true");
        }

        foreach (var e in Errors)
        {
            var error = new XElement(ns + "error");
            WireAttributes.SetNode(error, e.Node);
            error.SetAttributeValue("timestamp", e.Timestamp is { } t ? FieldsElement.DateTime(t) : string.Empty);
            error.Value = e.Message;
            element.Add(error);
        }

        return element;
    }

    /// <summary>Reads a <c>failure</c> element; times without a zone are UTC.</summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out FailureMessage? message, [NotNullWhen(false)] out string? error) =>
        TryParse(element, TimeZoneInfo.Utc, out message, out error);

    /// <summary>
    /// Reads a <c>failure</c> element; times without a zone are read in <paramref name="unzoned"/> (slixmpp 1.8.3
    /// writes <c>datetime.now().isoformat()</c>, a local time without zone). A timestamp that is no xs:dateTime reads
    /// as null rather than failing: the schema types it xs:string.
    /// </summary>
    public static bool TryParse(XElement element, TimeZoneInfo unzoned, [NotNullWhen(true)] out FailureMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(unzoned);
        message = null;
        if (!WireAttributes.TryExpect(element, "failure", out error)
            || !WireAttributes.TryGetSeqNr(element, out var seqNr, out error)
            || !WireAttributes.TryGetBoolean(element, "done", out var done, out error))
        {
            return false;
        }

        var errors = new List<ReadoutError>();
        foreach (var e in element.Elements(SensorDataNamespaces.SensorData + "error"))
        {
            if (!WireAttributes.TryGetNode(e, out var node, out error))
            {
                return false;
            }

            DateTimeOffset? timestamp = XsdValues.TryParseDateTime((string?)e.Attribute("timestamp"), unzoned, out var t) ? t : null;
            errors.Add(new ReadoutError(node, timestamp, e.Value));
        }

        message = new FailureMessage(seqNr, errors, done);
        return true;
    }
}
