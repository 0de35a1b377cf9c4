using System.Xml.Linq;

namespace Edge.Iot.Concentrator;

/// <summary>XEP-0326 (v0.3, the last content revision): the only place its namespace string appears.</summary>
public static class ConcentratorNamespaces
{
    /// <summary>The namespace URI, which is also the disco#info feature (XEP-0326 §4 "Determining Support").</summary>
    public const string Uri = "urn:xmpp:iot:concentrators";

    public static readonly XNamespace Concentrators = Uri;
}
