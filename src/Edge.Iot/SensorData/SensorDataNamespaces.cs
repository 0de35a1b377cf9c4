using System.Xml.Linq;

namespace Edge.Iot.SensorData;

/// <summary>XEP-0323 (v0.5, the last content revision): the only place its namespace string appears.</summary>
public static class SensorDataNamespaces
{
    public static readonly XNamespace SensorData = "urn:xmpp:iot:sensordata";
}
