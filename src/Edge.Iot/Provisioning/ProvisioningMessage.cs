using Edge.Xmpp;

namespace Edge.Iot.Provisioning;

/// <summary>What a provisioning service recommends by message (XEP-0324 §Unfriending, §Recommending friendships).</summary>
public sealed record ProvisioningMessage(ProvisioningMessageKind Kind, Jid Jid);
