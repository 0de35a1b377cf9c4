namespace Edge.Agent;

/// <summary>The <c>Agent:PubSub</c> section: where readings are published and how the nodes are configured.</summary>
public sealed class PublishOptions
{
    /// <summary>Pubsub service JID (e.g. <c>pubsub.example.org</c>); empty = PEP on the device's own JID.</summary>
    public string Service { get; set; } = string.Empty;

    /// <summary>Node name prefix; a sensor node's name is <c>{NodePrefix}{device local part}/{nodeId}</c>.</summary>
    public string NodePrefix { get; set; } = "edge/";

    public int MaxItems { get; set; } = 100;

    public bool PersistItems { get; set; } = true;

    public string AccessModel { get; set; } = "open";
}
