namespace Edge.Iot.Provisioning;

/// <summary>The two recommendations.</summary>
public enum ProvisioningMessageKind
{
    /// <summary><c>friend</c>: befriend this JID (the device may still ask <c>isFriend</c>).</summary>
    Friend,

    /// <summary><c>unfriend</c>: end the friendship with this JID.</summary>
    Unfriend,
}
