using System.Xml;
using System.Xml.Linq;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.SensorData;

/// <summary>
/// One reading's XEP-0323 <c>&lt;fields/&gt;</c> (§3.1, the readout's fields message content) written straight into the
/// connection's buffer: the publisher's hot path, with no <see cref="XElement"/> tree and no strings for numbers or
/// times. The bytes are exactly those of <see cref="FieldsElement.Create"/> for the same reading (a test compares them),
/// so backends see no difference.
/// </summary>
public sealed class FieldsPayload(Reading reading, int seqnr, bool done = true) : IXmlContent
{
    // "F0" … "F15": the numeric formats, so that no format string is built per value.
    private static readonly string[] Fixed = [.. Enumerable.Range(0, 16).Select(d => "F" + d.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private readonly Reading _reading = reading ?? throw new ArgumentNullException(nameof(reading));

    public XName Name => SensorDataNamespaces.SensorData + "fields";

    public void WriteTo(XmlStanzaWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var ns = SensorDataNamespaces.Urn;
        writer.StartElement("fields", ns);
        writer.Attribute("seqnr", seqnr, default);
        if (done)
        {
            writer.Attribute("done", "true");
        }

        writer.StartElement("node", ns);
        writer.Attribute("nodeId", _reading.Node.NodeId);
        writer.Attribute("sourceId", _reading.Node.SourceId);
        writer.Attribute("cacheType", _reading.Node.CacheType);

        // Indexed loops, not foreach: an interface's enumerator would be allocated each time.
        // One <timestamp/> per distinct field time, oldest first, its fields in their order (as FieldsElement.Node).
        var fields = _reading.Fields;
        var written = 0;
        var after = DateTimeOffset.MinValue;
        var first = true;
        while (written < fields.Count)
        {
            var next = DateTimeOffset.MaxValue;
            for (var i = 0; i < fields.Count; i++)
            {
                var time = fields[i].Timestamp;
                if ((first || time > after) && time < next)
                {
                    next = time;
                }
            }

            writer.StartElement("timestamp", ns);
            writer.Attribute("value", next.UtcDateTime, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'");
            for (var i = 0; i < fields.Count; i++)
            {
                if (fields[i].Timestamp == next)
                {
                    WriteField(writer, fields[i]);
                    written++;
                }
            }

            writer.EndElement();
            after = next;
            first = false;
        }

        writer.EndElement();
        writer.EndElement();
    }

    private static void WriteField(XmlStanzaWriter writer, Field field)
    {
        switch (field.Value)
        {
            case NumericValue n:
                Start(writer, "numeric", field);
                writer.Attribute("value", n.Rounded, n.Decimals is >= 0 and < 16 ? Fixed[n.Decimals] : "F" + n.Decimals.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.Attribute("unit", n.Unit);
                break;
            case BooleanValue b:
                Start(writer, "boolean", field);
                writer.Attribute("value", b.Value ? "true" : "false");
                break;
            case IntValue i:
                Start(writer, "int", field);
                writer.Attribute("value", i.Value, default);
                break;
            case LongValue l:
                Start(writer, "long", field);
                writer.Attribute("value", l.Value, default);
                break;
            case StringValue s:
                Start(writer, "string", field);
                writer.Attribute("value", s.Value);
                break;
            case EnumValue e:
                Start(writer, "enum", field);
                writer.Attribute("value", e.Value);
                writer.Attribute("dataType", e.DataType);
                break;
            case DateValue d:
                Start(writer, "date", field);
                writer.Attribute("value", d.Value, "yyyy-MM-dd");
                break;
            case TimeValue t:
                Start(writer, "time", field);
                writer.Attribute("value", t.Value, "HH:mm:ss.FFFFFFF");
                break;
            case DateTimeValue dt:
                Start(writer, "dateTime", field);
                writer.Attribute("value", dt.Value.UtcDateTime, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'");
                break;
            case DurationValue du:
                Start(writer, "duration", field);
                writer.Attribute("value", XmlConvert.ToString(du.Value));
                break;
            default:
                throw new ArgumentException($"Unknown field value kind {field.Value.GetType().Name}.", nameof(field));
        }

        var types = FieldsElement.TypeNames;
        for (var i = 0; i < types.Count; i++)
        {
            if ((field.Types & types[i].Flag) != 0)
            {
                writer.Attribute(types[i].Name, "true");
            }
        }

        var qos = FieldsElement.QoSNames;
        for (var i = 0; i < qos.Count; i++)
        {
            if ((field.QoS & qos[i].Flag) != 0)
            {
                writer.Attribute(qos[i].Name, "true");
            }
        }

        if (field.Writable is { } writable)
        {
            writer.Attribute("writable", writable ? "true" : "false");
        }

        writer.Attribute("module", field.Module);
        writer.Attribute("stringIds", field.StringIds);
        writer.EndElement();
    }

    private static void Start(XmlStanzaWriter writer, string localName, Field field)
    {
        writer.StartElement(localName, SensorDataNamespaces.Urn);
        writer.Attribute("name", field.Name);
    }
}
