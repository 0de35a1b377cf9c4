using Edge.Xmpp;

namespace Edge.Agent.Publishing;

/// <summary>The node naming scheme backends rely on: <c>{NodePrefix}{device local part}/{nodeId}</c>.</summary>
public static class NodeNames
{
    public static string For(PublishOptions options, Jid device, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        return options.NodePrefix + device.Local + "/" + nodeId;
    }

    /// <summary>
    /// The item id of a reading: its sampling time (UTC, ms) and the outbox-independent sensor node, so a resend after
    /// a reconnect carries the same id and replaces the item instead of duplicating it.
    /// </summary>
    public static string ItemId(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
