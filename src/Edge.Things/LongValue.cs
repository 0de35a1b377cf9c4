namespace Edge.Things;

/// <summary>A 64-bit integer field value.</summary>
public sealed record LongValue(long Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.Long;
}
