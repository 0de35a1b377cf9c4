using System.Xml.Linq;

namespace Edge.Iot.Control;

/// <summary>
/// The XEP-0325 <c>paramError</c> element an error response carries to name the control parameter it concerns:
/// <c>&lt;paramError xmlns='urn:xmpp:iot:control' var='Output'&gt;why&lt;/paramError&gt;</c>.
/// </summary>
public sealed record ControlParameterError(string Var, string Text)
{
    public XElement ToElement() => new(ControlNamespaces.Control + "paramError", new XAttribute("var", Var), Text);

    /// <summary>
    /// Finds the parameter error in an error stanza: a <c>paramError</c> anywhere in it, or the pre-v0.3
    /// <c>&lt;setResponse&gt;&lt;error var='…'&gt;…&lt;/error&gt;&lt;/setResponse&gt;</c> slixmpp 1.8 devices send.
    /// </summary>
    public static ControlParameterError? Find(XElement stanza)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        var element = stanza.Descendants(ControlNamespaces.Control + "paramError").FirstOrDefault()
            ?? stanza.Elements(ControlNamespaces.Control + "setResponse").Elements(ControlNamespaces.Control + "error")
                .FirstOrDefault();
        var name = (string?)element?.Attribute("var");
        return element is null || string.IsNullOrEmpty(name) ? null : new ControlParameterError(name, element.Value);
    }
}
