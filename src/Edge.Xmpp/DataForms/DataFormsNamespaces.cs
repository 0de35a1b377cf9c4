using System.Xml.Linq;

namespace Edge.Xmpp.DataForms;

/// <summary>XEP-0004 data forms and XEP-0122 data forms validation: the only place their namespace strings appear.</summary>
public static class DataFormsNamespaces
{
    /// <summary>XEP-0004 <c>jabber:x:data</c>.</summary>
    public static readonly XNamespace Data = "jabber:x:data";

    /// <summary>XEP-0122 <c>http://jabber.org/protocol/xdata-validate</c>.</summary>
    public static readonly XNamespace Validate = "http://jabber.org/protocol/xdata-validate";

    /// <summary>The prefix XEP-0122 §5.2 recommends for <see cref="Validate"/>, declared on the form element.</summary>
    public const string ValidatePrefix = "xdv";
}
