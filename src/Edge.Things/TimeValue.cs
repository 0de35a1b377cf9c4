namespace Edge.Things;

/// <summary>A time-of-day field value.</summary>
public sealed record TimeValue(TimeOnly Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.Time;
}
