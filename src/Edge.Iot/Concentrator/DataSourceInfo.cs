using System.Xml.Linq;
using Edge.Iot.Concentrator.Internal;
using Edge.Xmpp;

namespace Edge.Iot.Concentrator;

/// <summary>A data source (XEP-0326 §3.2, schema type <c>DataSource</c>): its id, a name, whether it has child
/// sources and, optionally, when it last changed.</summary>
public sealed record DataSourceInfo
{
    public DataSourceInfo(string sourceId, string name, bool hasChildren = false, DateTimeOffset? lastChanged = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceId);
        ArgumentNullException.ThrowIfNull(name);
        SourceId = sourceId;
        Name = name;
        HasChildren = hasChildren;
        LastChanged = lastChanged;
    }

    public string SourceId { get; }

    public string Name { get; }

    public bool HasChildren { get; }

    public DateTimeOffset? LastChanged { get; }

    /// <summary>The <c>dataSource</c> element.</summary>
    public XElement ToElement()
    {
        var element = new XElement(Wire.Ns + "dataSource", new XAttribute("sourceId", SourceId),
            new XAttribute("name", Name), new XAttribute("hasChildren", Wire.Boolean(HasChildren)));
        if (LastChanged is { } changed)
        {
            element.SetAttributeValue("lastChanged", Wire.DateTime(changed));
        }

        return element;
    }

    /// <summary>Reads a <c>dataSource</c> element; a missing name reads as the source id.</summary>
    public static DataSourceInfo Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        string id = Wire.Attribute(element, "sourceId") is { Length: > 0 } s
            ? s
            : throw new XmppProtocolException("XEP-0326: a dataSource has no sourceId.");
        return new DataSourceInfo(id, Wire.Attribute(element, "name") ?? id,
            Wire.ParseBoolean(Wire.Attribute(element, "hasChildren"), false, $"dataSource '{id}' hasChildren"),
            Wire.ParseOptionalDateTime(Wire.Attribute(element, "lastChanged"), $"dataSource '{id}' lastChanged"));
    }
}
