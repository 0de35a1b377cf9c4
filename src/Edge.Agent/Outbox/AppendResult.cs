namespace Edge.Agent.Outbox;

/// <summary>What became of readings given to <see cref="DurableOutbox.AppendAsync(IReadOnlyList{Things.Reading}, CancellationToken)"/>.</summary>
public enum AppendResult
{
    /// <summary>On disk: they survive a power cut.</summary>
    Durable,

    /// <summary>The disk refused the write: they wait in memory until it takes writes again (lost only to a power cut).</summary>
    Buffered,

    /// <summary>The outbox was full and its policy is DropNewest: they were discarded.</summary>
    Dropped,
}
