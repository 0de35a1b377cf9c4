using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.SensorData.Internal;
using Edge.Things;

namespace Edge.Iot.SensorData;

/// <summary>
/// An XEP-0323 readout request, the <c>req</c> element (§3, schema): the requester's sequence number, the readout
/// kinds, the nodes (none = all), the field names (none = all), a time range for historical values, a time to run
/// the readout at, and the provisioning tokens (XEP-0324).
/// </summary>
public sealed class ReadoutRequest
{
    private static readonly XNamespace Ns = SensorDataNamespaces.SensorData;

    public ReadoutRequest(int seqNr, ReadoutTypes types = ReadoutTypes.None, IReadOnlyList<ThingReference>? nodes = null,
        IReadOnlyList<string>? fieldNames = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        DateTimeOffset? when = null)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new ArgumentException($"The readout range starts ({f:O}) after it ends ({t:O}).", nameof(from));
        }

        SeqNr = seqNr;
        Types = types;
        Nodes = nodes ?? [];
        FieldNames = fieldNames ?? [];
        From = from;
        To = to;
        When = when;
    }

    /// <summary>The requester's sequence number; unique per requester only (§3).</summary>
    public int SeqNr { get; }

    /// <summary>The kinds asked for; <see cref="ReadoutTypes.None"/> when the request names none (= all).</summary>
    public ReadoutTypes Types { get; }

    /// <summary>The nodes to read; a null sourceId or cacheType matches any. Empty = every node.</summary>
    public IReadOnlyList<ThingReference> Nodes { get; }

    /// <summary>The field names asked for; empty = all.</summary>
    public IReadOnlyList<string> FieldNames { get; }

    public DateTimeOffset? From { get; }

    public DateTimeOffset? To { get; }

    /// <summary>When the readout should run; null = now.</summary>
    public DateTimeOffset? When { get; }

    public string? ServiceToken { get; init; }

    public string? DeviceToken { get; init; }

    public string? UserToken { get; init; }

    /// <summary>What a provider applies: kinds, field names and time range.</summary>
    public ReadoutFilter ToFilter() =>
        new(Types, FieldNames.Count == 0 ? null : FieldNames.ToHashSet(StringComparer.Ordinal), From, To);

    /// <summary>
    /// The <c>req</c> element. All kinds are written as <c>all='true'</c>, every historical kind as
    /// <c>historical='true'</c>; times in UTC.
    /// </summary>
    public XElement ToElement()
    {
        var req = new XElement(Ns + "req", new XAttribute("seqnr", SeqNr));
        if (Types == ReadoutTypes.All)
        {
            req.SetAttributeValue("all", "true");
        }
        else
        {
            var historicalAll = (Types & ReadoutTypes.Historical) == ReadoutTypes.Historical;
            foreach (var (flag, name) in FieldsElement.TypeNames)
            {
                if (Types.HasFlag(flag) && !(historicalAll && (flag & ReadoutTypes.Historical) != 0))
                {
                    req.SetAttributeValue(name, "true");
                }
            }

            if (historicalAll)
            {
                req.SetAttributeValue("historical", "true");
            }
        }

        req.SetAttributeValue("from", From is { } f ? FieldsElement.DateTime(f) : null);
        req.SetAttributeValue("to", To is { } t ? FieldsElement.DateTime(t) : null);
        req.SetAttributeValue("when", When is { } w ? FieldsElement.DateTime(w) : null);
        req.SetAttributeValue("serviceToken", ServiceToken);
        req.SetAttributeValue("deviceToken", DeviceToken);
        req.SetAttributeValue("userToken", UserToken);
        foreach (var node in Nodes)
        {
            var element = new XElement(Ns + "node");
            WireAttributes.SetNode(element, node);
            req.Add(element);
        }

        req.Add(FieldNames.Select(n => new XElement(Ns + "field", new XAttribute("name", n))));
        return req;
    }

    /// <summary>Reads a <c>req</c> element; times without a zone are UTC.</summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out ReadoutRequest? request, [NotNullWhen(false)] out string? error) =>
        TryParse(element, TimeZoneInfo.Utc, out request, out error);

    /// <summary>
    /// Reads a <c>req</c> element; on failure <paramref name="error"/> says precisely what is wrong (for the
    /// bad-request text). Times without a zone are read in <paramref name="unzoned"/>.
    /// </summary>
    /// <remarks>
    /// Lenient where the XEP and its old implementations allow: a dateTime without a zone (slixmpp 1.8.3's xep_0323
    /// sends <c>when</c> as <c>strftime("%Y-%m-%dT%H:%M:%S")</c> local time; XEP-0323 §7.1 says to assume the reader's
    /// zone); <c>identification='true'</c> as <c>identity</c> (XEP-0323's own §3.4 example); no kind at all as "every
    /// kind" (slixmpp sends none when its caller passes no flags); unknown attributes and children are ignored.
    /// </remarks>
    public static bool TryParse(XElement element, TimeZoneInfo unzoned, [NotNullWhen(true)] out ReadoutRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(unzoned);
        request = null;
        if (!WireAttributes.TryExpect(element, "req", out error)
            || !WireAttributes.TryGetSeqNr(element, out var seqNr, out error)
            || !WireAttributes.TryGetTypes(element, out var types, out error)
            || !WireAttributes.TryGetBoolean(element, "all", out var all, out error)
            || !WireAttributes.TryGetBoolean(element, "historical", out var historical, out error)
            || !WireAttributes.TryGetDateTime(element, "from", unzoned, out var from, out error)
            || !WireAttributes.TryGetDateTime(element, "to", unzoned, out var to, out error)
            || !WireAttributes.TryGetDateTime(element, "when", unzoned, out var when, out error))
        {
            return false;
        }

        if (from > to)
        {
            error = $"The readout range of <req/> starts ('from' {FieldsElement.DateTime(from.Value)}) after it ends ('to' {FieldsElement.DateTime(to!.Value)}).";
            return false;
        }

        types |= all ? ReadoutTypes.All : ReadoutTypes.None;
        types |= historical ? ReadoutTypes.Historical : ReadoutTypes.None;

        var nodes = new List<ThingReference>();
        var fieldNames = new List<string>();
        foreach (var child in element.Elements())
        {
            if (child.Name == Ns + "node")
            {
                if (!WireAttributes.TryGetNode(child, out var node, out error))
                {
                    return false;
                }

                if (!nodes.Contains(node))
                {
                    nodes.Add(node);
                }
            }
            else if (child.Name == Ns + "field")
            {
                var name = (string?)child.Attribute("name");
                if (string.IsNullOrEmpty(name))
                {
                    error = "A <field/> in <req/> has no 'name' (XEP-0323 requires one).";
                    return false;
                }

                if (!fieldNames.Contains(name, StringComparer.Ordinal))
                {
                    fieldNames.Add(name);
                }
            }
        }

        request = new ReadoutRequest(seqNr, types, nodes, fieldNames, from, to, when)
        {
            ServiceToken = (string?)element.Attribute("serviceToken"),
            DeviceToken = (string?)element.Attribute("deviceToken"),
            UserToken = (string?)element.Attribute("userToken"),
        };
        return true;
    }
}
