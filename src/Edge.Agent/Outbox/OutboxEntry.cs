namespace Edge.Agent.Outbox;

/// <summary>One reading waiting to be published: target node, its deterministic item id and the payload XML.</summary>
public sealed record OutboxEntry(long Sequence, string Node, string ItemId, string Payload);
