using System.Xml.Linq;

namespace Edge.Iot.Provisioning;

/// <summary>XEP-0324 (IoT provisioning, delegated access decisions): the only place the URN appears.</summary>
public static class ProvisioningNamespaces
{
    /// <summary>The namespace since v0.2 (v0.1 used <c>urn:xmpp:sn:provisioning</c>).</summary>
    public static readonly XNamespace Provisioning = "urn:xmpp:iot:provisioning";

    /// <summary>The disco#info feature of a provisioning service (XEP-0324 §Determining Support).</summary>
    public static string Feature => Provisioning.NamespaceName;
}
