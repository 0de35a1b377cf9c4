namespace Edge.Agent;

/// <summary>The outbox's explicit full policy.</summary>
public enum OutboxOverflow
{
    DropOldest,
    DropNewest,
}
