namespace Edge.Things;

/// <summary>
/// What one sampling of one node produced: the node, the time of sampling and its fields. A reading is the unit the
/// outbox stores and the publisher sends; <see cref="SequenceNumber"/> is assigned by the sampler and is what makes
/// the published item id deterministic.
/// </summary>
public sealed record Reading
{
    public Reading(ThingReference node, DateTimeOffset timestamp, IReadOnlyList<Field> fields, long sequenceNumber)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceNumber);
        Node = node;
        Timestamp = timestamp;
        Fields = fields;
        SequenceNumber = sequenceNumber;
    }

    public ThingReference Node { get; }

    public DateTimeOffset Timestamp { get; }

    public IReadOnlyList<Field> Fields { get; }

    public long SequenceNumber { get; }
}
