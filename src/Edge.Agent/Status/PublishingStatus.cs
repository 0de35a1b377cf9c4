namespace Edge.Agent.Status;

/// <summary>Publishes since start: acknowledged by the server, and failed (each failed one is sent again).</summary>
public sealed record PublishingStatus(long Ok, long Failed);
