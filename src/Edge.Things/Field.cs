namespace Edge.Things;

/// <summary>
/// One field of a reading: a named, typed value with its readout kinds, quality flags and timestamp.
/// </summary>
public sealed record Field
{
    public Field(string name, FieldValue value, DateTimeOffset timestamp, ReadoutTypes types = ReadoutTypes.Momentary,
        FieldQoS qos = FieldQoS.AutomaticReadout)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (types == ReadoutTypes.None)
        {
            throw new ArgumentException("A field must be of at least one readout type.", nameof(types));
        }

        Name = name;
        Value = value;
        Timestamp = timestamp;
        Types = types;
        QoS = qos;
    }

    public string Name { get; }

    public FieldValue Value { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public ReadoutTypes Types { get; init; }

    public FieldQoS QoS { get; init; }

    /// <summary>Whether the field can be set through control (XEP-0323 <c>writable</c>).</summary>
    public bool? Writable { get; init; }

    /// <summary>Localisation module of <see cref="StringIds"/> (XEP-0323 <c>module</c>).</summary>
    public string? Module { get; init; }

    /// <summary>Localisation string ids (XEP-0323 <c>stringIds</c>).</summary>
    public string? StringIds { get; init; }
}
