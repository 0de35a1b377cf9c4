namespace Edge.Things;

/// <summary>A date-and-time field value.</summary>
public sealed record DateTimeValue(DateTimeOffset Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.DateTime;
}
