using Edge.Things;

namespace Edge.Iot;

/// <summary>
/// What a readout asks for (XEP-0323 §3.1 request attributes and <c>field</c> children): the readout kinds, the field
/// names (none = all) and, for historical kinds, a time range. The wire codec builds it; providers apply it.
/// </summary>
public sealed record ReadoutFilter
{
    public ReadoutFilter(ReadoutTypes types, IReadOnlySet<string>? fieldNames = null, DateTimeOffset? from = null,
        DateTimeOffset? to = null)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new ArgumentException($"The readout range starts ({f:O}) after it ends ({t:O}).", nameof(from));
        }

        Types = types == ReadoutTypes.None ? ReadoutTypes.All : types;
        FieldNames = fieldNames is { Count: > 0 } ? fieldNames : null;
        From = from;
        To = to;
    }

    /// <summary>Every kind, every field, no time limits.</summary>
    public static ReadoutFilter All { get; } = new(ReadoutTypes.All);

    /// <summary>The readout kinds asked for; never <see cref="ReadoutTypes.None"/> (no kind asked = all).</summary>
    public ReadoutTypes Types { get; }

    /// <summary>The field names asked for; null = all fields.</summary>
    public IReadOnlySet<string>? FieldNames { get; }

    /// <summary>Oldest timestamp of interest (inclusive), if any.</summary>
    public DateTimeOffset? From { get; }

    /// <summary>Newest timestamp of interest (inclusive), if any.</summary>
    public DateTimeOffset? To { get; }

    /// <summary>Whether <paramref name="field"/> passes this filter (kinds, name, time range).</summary>
    public bool Matches(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return (field.Types & Types) != ReadoutTypes.None
            && (FieldNames is null || FieldNames.Contains(field.Name))
            && (From is null || field.Timestamp >= From)
            && (To is null || field.Timestamp <= To);
    }
}
