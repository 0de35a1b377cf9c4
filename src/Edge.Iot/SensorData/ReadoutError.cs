using Edge.Things;

namespace Edge.Iot.SensorData;

/// <summary>
/// One <c>error</c> of an XEP-0323 <c>failure</c> message: the node that could not be read, when, and why.
/// </summary>
/// <param name="Node">The node (nodeId, sourceId, cacheType).</param>
/// <param name="Timestamp">When the error occurred; null when the device wrote a time that is no xs:dateTime (the
/// schema types this attribute xs:string).</param>
/// <param name="Message">The device's error text, e.g. "Timeout.".</param>
public sealed record ReadoutError(ThingReference Node, DateTimeOffset? Timestamp, string Message);
