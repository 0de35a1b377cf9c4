using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Things;

namespace Edge.Iot.SensorData.Internal;

/// <summary>Reads the attributes the XEP-0323 elements share, each failure as a message fit for a bad-request.</summary>
internal static class WireAttributes
{
    public static string Describe(XElement element) => $"<{element.Name.LocalName}/>";

    /// <summary>Whether <paramref name="element"/> is <c>&lt;<paramref name="localName"/> xmlns='urn:xmpp:iot:sensordata'/&gt;</c>.</summary>
    public static bool TryExpect(XElement element, string localName, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        error = element.Name == SensorDataNamespaces.SensorData + localName
            ? null
            : $"Expected <{localName} xmlns='{SensorDataNamespaces.Urn}'/>, got <{element.Name.LocalName} xmlns='{element.Name.NamespaceName}'/>.";
        return error is null;
    }

    /// <summary>The required xs:int <c>seqnr</c>.</summary>
    public static bool TryGetSeqNr(XElement element, out int seqnr, [NotNullWhen(false)] out string? error)
    {
        seqnr = 0;
        var text = (string?)element.Attribute("seqnr");
        error = text is null
            ? $"{Describe(element)} has no 'seqnr' attribute (XEP-0323 requires one)."
            : !XsdValues.TryParseInt(text, out seqnr)
                ? $"The 'seqnr' of {Describe(element)} must be an xs:int; got '{text}'."
                : null;
        return error is null;
    }

    /// <summary>An optional xs:boolean attribute; absent = false.</summary>
    public static bool TryGetBoolean(XElement element, string name, out bool value, [NotNullWhen(false)] out string? error)
    {
        var text = (string?)element.Attribute(name);
        value = false;
        error = text is null || XsdValues.TryParseBoolean(text, out value)
            ? null
            : $"The '{name}' attribute of {Describe(element)} must be an xs:boolean (true, false, 1, 0); got '{text}'.";
        return error is null;
    }

    /// <summary>An optional xs:dateTime attribute; absent = null; no zone = <paramref name="unzoned"/>.</summary>
    public static bool TryGetDateTime(XElement element, string name, TimeZoneInfo unzoned, out DateTimeOffset? value,
        [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        var text = (string?)element.Attribute(name);
        if (text is null)
        {
            return true;
        }

        if (!XsdValues.TryParseDateTime(text, unzoned, out var parsed))
        {
            error = $"The '{name}' attribute of {Describe(element)} must be an xs:dateTime (e.g. 2013-03-07T19:00:00Z); got '{text}'.";
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>
    /// The readout kinds (attribute group fieldTypes). Also reads <c>identification</c> as <c>identity</c>:
    /// XEP-0323's own "Read-out all" example (§3.4) writes that older name.
    /// </summary>
    public static bool TryGetTypes(XElement element, out ReadoutTypes types, [NotNullWhen(false)] out string? error)
    {
        types = ReadoutTypes.None;
        foreach (var (flag, name) in FieldsElement.TypeNames)
        {
            if (!TryGetBoolean(element, name, out var set, out error))
            {
                return false;
            }

            types |= set ? flag : ReadoutTypes.None;
        }

        if (!TryGetBoolean(element, "identification", out var identification, out error))
        {
            return false;
        }

        types |= identification ? ReadoutTypes.Identity : ReadoutTypes.None;
        return true;
    }

    /// <summary>The QoS flags (attribute group fieldQoS).</summary>
    public static bool TryGetQoS(XElement element, out FieldQoS qos, [NotNullWhen(false)] out string? error)
    {
        qos = FieldQoS.None;
        foreach (var (flag, name) in FieldsElement.QoSNames)
        {
            if (!TryGetBoolean(element, name, out var set, out error))
            {
                return false;
            }

            qos |= set ? flag : FieldQoS.None;
        }

        error = null;
        return true;
    }

    /// <summary>A node address: required <c>nodeId</c>, optional <c>sourceId</c> and <c>cacheType</c>.</summary>
    public static bool TryGetNode(XElement element, [NotNullWhen(true)] out ThingReference? node, [NotNullWhen(false)] out string? error)
    {
        node = null;
        var nodeId = (string?)element.Attribute("nodeId");
        if (string.IsNullOrEmpty(nodeId))
        {
            error = $"{Describe(element)} in <{element.Parent?.Name.LocalName}/> has no 'nodeId' (XEP-0323 requires one).";
            return false;
        }

        node = new ThingReference(nodeId, (string?)element.Attribute("sourceId"), (string?)element.Attribute("cacheType"));
        error = null;
        return true;
    }

    /// <summary>Writes the node address attributes.</summary>
    public static void SetNode(XElement element, ThingReference node)
    {
        element.SetAttributeValue("nodeId", node.NodeId);
        element.SetAttributeValue("sourceId", node.SourceId);
        element.SetAttributeValue("cacheType", node.CacheType);
    }
}
