using System.Globalization;
using System.Xml.Linq;
using Edge.Iot.SensorData;

namespace Edge.Agent.Cli;

/// <summary>
/// One XEP-0323 field as the command line prints it: what <c>edge subscribe</c> (from a published <c>fields</c>
/// payload) and <c>edge readout</c> (from a readout's <c>fields</c> messages) show, as text, a table or JSON. Built
/// from the wire elements so both verbs print exactly what the device sent.
/// </summary>
/// <param name="Node">The node id of the enclosing <c>node</c> element (null when the payload has none).</param>
/// <param name="Name">The field name.</param>
/// <param name="Type">The value element: numeric, boolean, int, long, string, enum, date, time, dateTime, duration.</param>
/// <param name="Value">The value as written (numbers keep their decimals).</param>
/// <param name="Unit">The unit of a numeric value.</param>
/// <param name="Timestamp">The enclosing <c>timestamp</c>'s value.</param>
/// <param name="Flags">Readout kinds, QoS flags and <c>writable</c> set to true, except the usual momentary and
/// automaticReadout.</param>
public sealed record FieldRow(string? Node, string Name, string Type, string? Value, string? Unit, string Timestamp, IReadOnlyList<string> Flags)
{
    /// <summary>The boolean attributes shown as flags: kinds, QoS and writable, but not the usual momentary and automaticReadout.</summary>
    private static readonly HashSet<string> FlagNames = [.. FieldsElement.TypeNames.Select(t => t.Name).Concat(FieldsElement.QoSNames.Select(q => q.Name))
        .Append("writable").Where(n => n is not ("momentary" or "automaticReadout"))];

    /// <summary>Every field under <paramref name="payload"/> (a <c>fields</c>, <c>node</c> or <c>timestamp</c> element).</summary>
    public static IEnumerable<FieldRow> From(XElement? payload)
    {
        if (payload is null)
        {
            yield break;
        }

        var timestamps = payload.Name.LocalName == "timestamp"
            ? [payload]
            : payload.Descendants().Where(e => e.Name.LocalName == "timestamp");
        foreach (var timestamp in timestamps)
        {
            var node = (string?)timestamp.Parent?.Attribute("nodeId");
            foreach (var field in timestamp.Elements())
            {
                var flags = field.Attributes()
                    .Where(a => a.Value is "true" or "1" && FlagNames.Contains(a.Name.LocalName))
                    .Select(a => a.Name.LocalName).ToArray();
                yield return new FieldRow(node, (string?)field.Attribute("name") ?? "?", field.Name.LocalName, (string?)field.Attribute("value"),
                    (string?)field.Attribute("unit"), (string?)timestamp.Attribute("value") ?? string.Empty, flags);
            }
        }
    }

    /// <summary><c>name=value unit [flags]</c>.</summary>
    public string ToText() =>
        $"{Name}={Value}{(string.IsNullOrEmpty(Unit) ? string.Empty : " " + Unit)}" + (Flags.Count > 0 ? " [" + string.Join(",", Flags) + "]" : string.Empty);

    /// <summary>
    /// The JSON object of the field: name, type, value (a JSON number for numeric/int/long, a JSON boolean for boolean,
    /// else the string as sent: also a numeric <c>NaN</c>, which JSON has no number for), unit, timestamp, flags; and node when <paramref name="withNode"/>.
    /// </summary>
    public Dictionary<string, object?> ToJson(bool withNode)
    {
        var json = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (withNode)
        {
            json["node"] = Node;
        }

        json["name"] = Name;
        json["type"] = Type;
        json["value"] = Type is "numeric" or "int" or "long"
            && double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number
            : Type == "boolean" && Value is "true" or "false" or "1" or "0" ? Value is "true" or "1"
            : Value;
        json["unit"] = Unit;
        json["timestamp"] = Timestamp;
        json["flags"] = Flags;
        return json;
    }

    /// <summary>A JSON line of the field with its node.</summary>
    public string ToJsonLine() => CliJson.Line(ToJson(withNode: true));

    /// <summary>An aligned table: node, field, value (right-aligned), unit, time, flags.</summary>
    public static string Table(IReadOnlyList<FieldRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.Select(r => new[] { r.Node ?? string.Empty, r.Name, r.Value ?? string.Empty, r.Unit ?? string.Empty, r.Timestamp,
            string.Join(",", r.Flags) }).ToList();
        return TextTable.Render(["node", "field", "value", "unit", "timestamp", "flags"], cells, rightAligned: 2, rule: true);
    }
}
