using System.Xml.Linq;

namespace Edge.Iot.Discovery;

/// <summary>XEP-0347 (IoT discovery, thing registries): the only place the URN appears.</summary>
public static class DiscoveryNamespaces
{
    public static readonly XNamespace Discovery = "urn:xmpp:iot:discovery";

    /// <summary>The disco#info feature a thing registry advertises (XEP-0347 §Determining Support).</summary>
    public static string Feature => Discovery.NamespaceName;
}
