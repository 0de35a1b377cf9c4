using System.Xml.Linq;
using Edge.Iot.Control.Internal;
using Edge.Things;

namespace Edge.Iot.Control;

/// <summary>
/// The XEP-0325 <c>setResponse</c> of a successful IQ set. Empty when the command ran as requested; otherwise it lists
/// the nodes and parameters the device finally used (e.g. after provisioning restricted them).
/// </summary>
public sealed class ControlSetResponse
{
    public IReadOnlyList<ThingReference> Nodes { get; init; } = [];

    /// <summary>The <c>&lt;parameter name='…'/&gt;</c> names.</summary>
    public IReadOnlyList<string> ParameterNames { get; init; } = [];

    /// <summary>
    /// The <c>responseCode</c> attribute of drafts before v0.3 (<c>OK</c>, <c>NotFound</c>, …), as slixmpp 1.8 still
    /// sends it; null in the current form.
    /// </summary>
    public string? ResponseCode { get; init; }

    /// <summary>Reads a <c>setResponse</c> element leniently: nodes without nodeId and nameless parameters are skipped.</summary>
    public static ControlSetResponse Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var ns = element.Name.Namespace;
        var nodes = new List<ThingReference>();
        foreach (var n in element.Elements(ns + "node"))
        {
            if (NodeElements.TryParse(n, out var node, out _))
            {
                nodes.Add(node);
            }
        }

        return new ControlSetResponse
        {
            Nodes = nodes,
            ParameterNames = element.Elements(ns + "parameter").Select(p => (string?)p.Attribute("name"))
                .Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToArray(),
            ResponseCode = (string?)element.Attribute("responseCode"),
        };
    }

    public XElement ToElement()
    {
        var element = new XElement(ControlNamespaces.Control + "setResponse");
        if (ResponseCode is not null)
        {
            element.SetAttributeValue("responseCode", ResponseCode);
        }

        element.Add(Nodes.Select(NodeElements.ToElement));
        element.Add(ParameterNames.Select(n => new XElement(ControlNamespaces.Control + "parameter", new XAttribute("name", n))));
        return element;
    }
}
