namespace Edge.Iot.Provisioning.Service;

/// <summary>What a <see cref="ProvisioningRule"/> grants.</summary>
public enum RuleKind
{
    /// <summary>Friendship only (presence subscription, XEP-0324 §Friendships).</summary>
    Friend,

    /// <summary>Reading (XEP-0323), restricted to nodes and field names when listed; implies friendship.</summary>
    Read,

    /// <summary>Control (XEP-0325), restricted to nodes and parameter names when listed; implies friendship.</summary>
    Control,
}
