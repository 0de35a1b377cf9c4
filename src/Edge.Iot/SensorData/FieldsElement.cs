using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Edge.Things;

namespace Edge.Iot.SensorData;

/// <summary>
/// Writes readings as the XEP-0323 <c>&lt;fields/&gt;</c> element: one <c>&lt;node/&gt;</c>, one <c>&lt;timestamp/&gt;</c>
/// per distinct field time, one typed element per field with its readout kinds and QoS flags as boolean attributes;
/// and reads them back (<c>FieldsElement.Parse.cs</c>). A whole message with several nodes is <see cref="FieldsMessage"/>.
/// </summary>
public static partial class FieldsElement
{
    private static readonly XNamespace Ns = SensorDataNamespaces.SensorData;

    /// <summary>The <c>fields</c> element for one reading (seqnr as XEP-0323 requires; done='true').</summary>
    public static XElement Create(Reading reading, int seqnr, bool done = true)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var fields = new XElement(Ns + "fields", new XAttribute("seqnr", seqnr), Node(reading));
        if (done)
        {
            fields.SetAttributeValue("done", "true");
        }

        return fields;
    }

    /// <summary>
    /// The <c>node</c> element of one reading: the node address and one <c>timestamp</c> per distinct field time
    /// (oldest first), each holding its fields in their original order.
    /// </summary>
    public static XElement Node(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var node = new XElement(Ns + "node");
        Internal.WireAttributes.SetNode(node, reading.Node);
        foreach (var group in reading.Fields.GroupBy(f => f.Timestamp).OrderBy(g => g.Key))
        {
            node.Add(new XElement(Ns + "timestamp", new XAttribute("value", DateTime(group.Key)), group.Select(Field)));
        }

        return node;
    }

    /// <summary>One field element (<c>numeric</c>, <c>boolean</c>, …) with its attributes.</summary>
    public static XElement Field(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var element = field.Value switch
        {
            NumericValue n => new XElement(Ns + "numeric", new XAttribute("value", n.Rounded.ToString("F" + n.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
                new XAttribute("unit", n.Unit)),
            BooleanValue b => new XElement(Ns + "boolean", new XAttribute("value", b.Value ? "true" : "false")),
            IntValue i => new XElement(Ns + "int", new XAttribute("value", i.Value.ToString(CultureInfo.InvariantCulture))),
            LongValue l => new XElement(Ns + "long", new XAttribute("value", l.Value.ToString(CultureInfo.InvariantCulture))),
            StringValue s => new XElement(Ns + "string", new XAttribute("value", s.Value)),
            EnumValue e => new XElement(Ns + "enum", new XAttribute("value", e.Value), new XAttribute("dataType", e.DataType)),
            DateValue d => new XElement(Ns + "date", new XAttribute("value", d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            TimeValue t => new XElement(Ns + "time", new XAttribute("value", t.Value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture))),
            DateTimeValue dt => new XElement(Ns + "dateTime", new XAttribute("value", DateTime(dt.Value))),
            DurationValue du => new XElement(Ns + "duration", new XAttribute("value", XmlConvert.ToString(du.Value))),
            _ => throw new ArgumentException($"Unknown field value kind {field.Value.GetType().Name}.", nameof(field)),
        };
        element.ReplaceAttributes(new XAttribute("name", field.Name), element.Attributes().ToArray());
        foreach (var (flag, name) in TypeNames)
        {
            if (field.Types.HasFlag(flag))
            {
                element.Add(new XAttribute(name, "true"));
            }
        }

        foreach (var (flag, name) in QoSNames)
        {
            if (field.QoS.HasFlag(flag))
            {
                element.Add(new XAttribute(name, "true"));
            }
        }

        if (field.Writable is { } writable)
        {
            element.Add(new XAttribute("writable", writable ? "true" : "false"));
        }

        if (field.Module is not null)
        {
            element.Add(new XAttribute("module", field.Module));
        }

        if (field.StringIds is not null)
        {
            element.Add(new XAttribute("stringIds", field.StringIds));
        }

        return element;
    }

    /// <summary>xs:dateTime in UTC with a Z, as backends parse most reliably.</summary>
    public static string DateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Attribute names of the readout kinds (XEP-0323 attribute group fieldTypes).</summary>
    public static IReadOnlyList<(ReadoutTypes Flag, string Name)> TypeNames { get; } =
    [
        (ReadoutTypes.Momentary, "momentary"), (ReadoutTypes.Peak, "peak"), (ReadoutTypes.Status, "status"),
        (ReadoutTypes.Computed, "computed"), (ReadoutTypes.Identity, "identity"), (ReadoutTypes.HistoricalSecond, "historicalSecond"),
        (ReadoutTypes.HistoricalMinute, "historicalMinute"), (ReadoutTypes.HistoricalHour, "historicalHour"),
        (ReadoutTypes.HistoricalDay, "historicalDay"), (ReadoutTypes.HistoricalWeek, "historicalWeek"),
        (ReadoutTypes.HistoricalMonth, "historicalMonth"), (ReadoutTypes.HistoricalQuarter, "historicalQuarter"),
        (ReadoutTypes.HistoricalYear, "historicalYear"), (ReadoutTypes.HistoricalOther, "historicalOther"),
    ];

    /// <summary>Attribute names of the QoS flags (XEP-0323 attribute group fieldQoS).</summary>
    public static IReadOnlyList<(FieldQoS Flag, string Name)> QoSNames { get; } =
    [
        (FieldQoS.Missing, "missing"), (FieldQoS.InProgress, "inProgress"), (FieldQoS.AutomaticEstimate, "automaticEstimate"),
        (FieldQoS.ManualEstimate, "manualEstimate"), (FieldQoS.ManualReadout, "manualReadout"),
        (FieldQoS.AutomaticReadout, "automaticReadout"), (FieldQoS.TimeOffset, "timeOffset"), (FieldQoS.Warning, "warning"),
        (FieldQoS.Error, "error"), (FieldQoS.Signed, "signed"), (FieldQoS.Invoiced, "invoiced"),
        (FieldQoS.EndOfSeries, "endOfSeries"), (FieldQoS.PowerFailure, "powerFailure"),
        (FieldQoS.InvoiceConfirmed, "invoiceConfirmed"),
    ];
}
