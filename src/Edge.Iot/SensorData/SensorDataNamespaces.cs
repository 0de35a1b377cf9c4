using System.Xml.Linq;

namespace Edge.Iot.SensorData;

/// <summary>XEP-0323 (v0.5, the last content revision): the only place its namespace string appears.</summary>
public static class SensorDataNamespaces
{
    /// <summary>The namespace, which is also the disco#info feature (XEP-0323 §4).</summary>
    public const string Urn = "urn:xmpp:iot:sensordata";

    public static readonly XNamespace SensorData = Urn;
}
