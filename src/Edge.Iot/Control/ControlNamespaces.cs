using System.Xml.Linq;

namespace Edge.Iot.Control;

/// <summary>
/// XEP-0325 (last content revision, v0.4/v0.5.1): the only place its namespace string appears, with the two form
/// extensions its control forms use (XEP-0336 dynamic-form flags, XEP-0331 colour datatypes).
/// </summary>
public static class ControlNamespaces
{
    /// <summary><c>urn:xmpp:iot:control</c>: set, setResponse, getForm, paramError, the disco feature.</summary>
    public static readonly XNamespace Control = "urn:xmpp:iot:control";

    /// <summary>XEP-0336 <c>urn:xmpp:xdata:dynamic</c>: the <c>notSame</c> and <c>readOnly</c> field flags.</summary>
    public static readonly XNamespace DynamicForms = "urn:xmpp:xdata:dynamic";

    /// <summary>XEP-0331 <c>urn:xmpp:xdata:color</c>: the <c>xdc:Color</c> and <c>xdc:ColorAlpha</c> datatypes.</summary>
    public static readonly XNamespace ColorForms = "urn:xmpp:xdata:color";

    /// <summary>The disco#info feature (XEP-0325 §4).</summary>
    public static string Feature => Control.NamespaceName;
}
