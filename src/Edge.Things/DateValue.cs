namespace Edge.Things;

/// <summary>A calendar date field value.</summary>
public sealed record DateValue(DateOnly Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.Date;
}
