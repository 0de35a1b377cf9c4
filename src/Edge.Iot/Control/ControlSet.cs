using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Edge.Iot.Control.Internal;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.DataForms;

namespace Edge.Iot.Control;

/// <summary>
/// The XEP-0325 <c>set</c> command (by message or IQ): the nodes it addresses (none = the device itself), typed
/// parameters in order, and/or a submitted (possibly partial) control form, with the optional provisioning tokens.
/// </summary>
public sealed class ControlSet
{
    /// <summary>The addressed nodes (empty = the device itself).</summary>
    public IReadOnlyList<ThingReference> Nodes { get; init; } = [];

    /// <summary>The typed parameters, in the order the device is to apply them.</summary>
    public IReadOnlyList<ControlValue> Values { get; init; } = [];

    /// <summary>A submitted control form (XEP-0325 §3.3.3), or null.</summary>
    public DataForm? Form { get; init; }

    public string? ServiceToken { get; init; }

    public string? DeviceToken { get; init; }

    public string? UserToken { get; init; }

    /// <summary>Reads a <c>set</c> element; throws <see cref="XmppProtocolException"/> with the reason.</summary>
    public static ControlSet Parse(XElement element) =>
        TryParse(element, out var set, out var error) ? set : throw new XmppProtocolException("Malformed control set: " + error);

    /// <summary>
    /// Reads a <c>set</c> element. Node elements need a nodeId; parameter elements a name and a value (the value's
    /// lexical form is checked later, against the parameter). A form without a type is taken as a submission.
    /// Unknown children are ignored; so is a second form.
    /// </summary>
    public static bool TryParse(XElement element, [NotNullWhen(true)] out ControlSet? set, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(element);
        set = null;
        if (element.Name != ControlNamespaces.Control + "set")
        {
            error = $"Expected <set xmlns='{ControlNamespaces.Control.NamespaceName}'/>, got <{element.Name.LocalName}/>.";
            return false;
        }

        var nodes = new List<ThingReference>();
        var values = new List<ControlValue>();
        DataForm? form = null;
        foreach (var child in element.Elements())
        {
            if (child.Name == ControlNamespaces.Control + "node")
            {
                if (!NodeElements.TryParse(child, out var node, out error))
                {
                    return false;
                }

                nodes.Add(node);
            }
            else if (ControlValue.IsParameterElement(child))
            {
                if (!ControlValue.TryFromElement(child, out var value, out error))
                {
                    return false;
                }

                values.Add(value);
            }
            else if (child.Name == DataFormsNamespaces.Data + "x" && form is null)
            {
                if (!DataForm.TryParse(child, DataFormType.Submit, out form, out error))
                {
                    return false;
                }
            }
        }

        set = new ControlSet
        {
            Nodes = nodes,
            Values = values,
            Form = form,
            ServiceToken = (string?)element.Attribute("serviceToken"),
            DeviceToken = (string?)element.Attribute("deviceToken"),
            UserToken = (string?)element.Attribute("userToken"),
        };
        error = null;
        return true;
    }

    /// <summary>The <c>set</c> element: nodes, typed parameters, then the form.</summary>
    public XElement ToElement()
    {
        var element = new XElement(ControlNamespaces.Control + "set");
        Tokens.Write(element, ServiceToken, DeviceToken, UserToken);
        element.Add(Nodes.Select(NodeElements.ToElement));
        element.Add(Values.Select(v => v.ToElement()));
        if (Form is not null)
        {
            element.Add(Form.ToElement());
        }

        return element;
    }
}
