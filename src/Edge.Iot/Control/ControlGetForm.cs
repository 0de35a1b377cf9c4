using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.Control.Internal;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Control;

/// <summary>The XEP-0325 <c>getForm</c> request: the nodes whose common control form is wanted (none = the device).</summary>
public sealed class ControlGetForm
{
    public IReadOnlyList<ThingReference> Nodes { get; init; } = [];

    public string? ServiceToken { get; init; }

    public string? DeviceToken { get; init; }

    public string? UserToken { get; init; }

    public static ControlGetForm Parse(XElement element) =>
        TryParse(element, out var request, out var error) ? request : throw new XmppProtocolException("Malformed getForm: " + error);

    public static bool TryParse(XElement element, [NotNullWhen(true)] out ControlGetForm? request,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        request = null;
        if (element.Name != ControlNamespaces.Control + "getForm")
        {
            error = $"Expected <getForm xmlns='{ControlNamespaces.Control.NamespaceName}'/>, got <{element.Name.LocalName}/>.";
            return false;
        }

        var nodes = new List<ThingReference>();
        foreach (var child in element.Elements(ControlNamespaces.Control + "node"))
        {
            if (!NodeElements.TryParse(child, out var node, out error))
            {
                return false;
            }

            nodes.Add(node);
        }

        request = new ControlGetForm
        {
            Nodes = nodes,
            ServiceToken = (string?)element.Attribute("serviceToken"),
            DeviceToken = (string?)element.Attribute("deviceToken"),
            UserToken = (string?)element.Attribute("userToken"),
        };
        error = null;
        return true;
    }

    public XElement ToElement()
    {
        var element = new XElement(ControlNamespaces.Control + "getForm");
        Tokens.Write(element, ServiceToken, DeviceToken, UserToken);
        element.Add(Nodes.Select(NodeElements.ToElement));
        return element;
    }
}
