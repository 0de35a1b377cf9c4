using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.SensorData.Internal;
using Edge.Things;

namespace Edge.Iot.SensorData;

public static partial class FieldsElement
{
    /// <summary>
    /// Reads one <c>node</c> element of a <c>fields</c> message back into a <see cref="Reading"/>: its address, and its
    /// fields with the time of their <c>timestamp</c> element. <see cref="Reading.Timestamp"/> is the newest field time
    /// (<see cref="DateTimeOffset.MinValue"/> for a node without fields); <see cref="Reading.SequenceNumber"/> is 0 (the
    /// wire carries no sampling sequence number). Elements inside a timestamp that are not value kinds are skipped
    /// (a later revision may add some); a malformed value fails the whole node with a message naming it. Times written
    /// without a zone are read in <paramref name="unzoned"/> (XEP-0323 §7.1: assume the reader's own).
    /// </summary>
    public static bool TryParseNode(XElement element, TimeZoneInfo unzoned, [NotNullWhen(true)] out Reading? reading,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(unzoned);
        reading = null;
        if (!WireAttributes.TryExpect(element, "node", out error) || !WireAttributes.TryGetNode(element, out var node, out error))
        {
            return false;
        }

        var fields = new List<Field>();
        foreach (var timestamp in element.Elements(Ns + "timestamp"))
        {
            var text = (string?)timestamp.Attribute("value");
            if (!XsdValues.TryParseDateTime(text, unzoned, out var time))
            {
                error = $"A <timestamp/> of node '{node}' has no valid xs:dateTime 'value'; got '{text}'.";
                return false;
            }

            foreach (var child in timestamp.Elements().Where(e => e.Name.Namespace == Ns && IsValueKind(e.Name.LocalName)))
            {
                if (!TryParseField(child, time, unzoned, out var field, out error))
                {
                    error = $"Node '{node}': {error}";
                    return false;
                }

                fields.Add(field);
            }
        }

        reading = new Reading(node, fields.Count == 0 ? DateTimeOffset.MinValue : fields.Max(f => f.Timestamp), fields, 0);
        return true;
    }

    /// <summary>
    /// Reads one field element (<c>numeric</c>, <c>boolean</c>, … <c>duration</c>) with its kinds, QoS flags,
    /// <c>writable</c>, <c>module</c> and <c>stringIds</c>, timed <paramref name="timestamp"/>. A numeric value keeps the
    /// number of decimals as written; a <c>dateTime</c> value without a zone is read in <paramref name="unzoned"/>.
    /// </summary>
    /// <remarks>
    /// Lenient where old writers differ from XEP-0323 v0.5, each case named: <c>timeSpan</c> is read as
    /// <c>duration</c> (the v0.2 name, still written by slixmpp 1.8.3's xep_0323 <c>DataTimeSpan</c>); a numeric
    /// without <c>unit</c> or an enum without <c>dataType</c> reads them as empty (slixmpp leaves them out when its
    /// caller passes none); a field without any kind reads as momentary (slixmpp writes no kinds unless its caller
    /// passes flags; the model needs at least one); a field without QoS flags reads as automaticReadout (§4.8: "If no
    /// quality of service flag is set on a field, the client can assume automaticReadout is true").
    /// </remarks>
    public static bool TryParseField(XElement element, DateTimeOffset timestamp, TimeZoneInfo unzoned,
        [NotNullWhen(true)] out Field? field, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(unzoned);
        field = null;
        var kind = element.Name.LocalName;
        var name = (string?)element.Attribute("name");
        if (element.Name.Namespace != Ns || !IsValueKind(kind))
        {
            error = $"<{kind}/> is not an XEP-0323 field value element.";
            return false;
        }

        if (string.IsNullOrEmpty(name))
        {
            error = $"A <{kind}/> field has no 'name'.";
            return false;
        }

        var text = (string?)element.Attribute("value");
        if (text is null)
        {
            error = $"Field '{name}' (<{kind}/>) has no 'value'.";
            return false;
        }

        if (!TryParseValue(element, kind, text, unzoned, out var value))
        {
            error = $"Field '{name}': '{text}' is not a valid <{kind}/> value.";
            return false;
        }

        if (!WireAttributes.TryGetTypes(element, out var types, out error)
            || !WireAttributes.TryGetQoS(element, out var qos, out error))
        {
            error = $"Field '{name}': {error}";
            return false;
        }

        bool? writable = null;
        if (element.Attribute("writable") is not null)
        {
            if (!WireAttributes.TryGetBoolean(element, "writable", out var w, out error))
            {
                error = $"Field '{name}': {error}";
                return false;
            }

            writable = w;
        }

        field = new Field(name, value, timestamp, types == ReadoutTypes.None ? ReadoutTypes.Momentary : types,
            qos == FieldQoS.None ? FieldQoS.AutomaticReadout : qos)
        {
            Writable = writable,
            Module = (string?)element.Attribute("module"),
            StringIds = (string?)element.Attribute("stringIds"),
        };
        return true;
    }

    private static bool IsValueKind(string localName) => localName is "numeric" or "boolean" or "int" or "long" or "string"
        or "enum" or "date" or "time" or "dateTime" or "duration" or "timeSpan";

    private static bool TryParseValue(XElement element, string kind, string text, TimeZoneInfo unzoned,
        [NotNullWhen(true)] out FieldValue? value)
    {
        value = null;
        switch (kind)
        {
            case "numeric" when XsdValues.TryParseNumeric(text, out var number, out var decimals):
                value = new NumericValue(number, (string?)element.Attribute("unit") ?? string.Empty, decimals);
                break;
            case "boolean" when XsdValues.TryParseBoolean(text, out var b):
                value = new BooleanValue(b);
                break;
            case "int" when XsdValues.TryParseInt(text, out var i):
                value = new IntValue(i);
                break;
            case "long" when XsdValues.TryParseLong(text, out var l):
                value = new LongValue(l);
                break;
            case "string":
                value = new StringValue(text);
                break;
            case "enum":
                value = new EnumValue(text, (string?)element.Attribute("dataType") ?? string.Empty);
                break;
            case "date" when XsdValues.TryParseDate(text, out var date):
                value = new DateValue(date);
                break;
            case "time" when XsdValues.TryParseTime(text, out var time):
                value = new TimeValue(time);
                break;
            case "dateTime" when XsdValues.TryParseDateTime(text, unzoned, out var dateTime):
                value = new DateTimeValue(dateTime);
                break;
            case "duration" or "timeSpan" when XsdValues.TryParseDuration(text, out var duration):
                value = new DurationValue(duration);
                break;
        }

        return value is not null;
    }
}
