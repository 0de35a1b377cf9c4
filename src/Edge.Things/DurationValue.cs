namespace Edge.Things;

/// <summary>A duration field value.</summary>
public sealed record DurationValue(TimeSpan Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.Duration;
}
