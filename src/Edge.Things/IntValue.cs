namespace Edge.Things;

/// <summary>A 32-bit integer field value.</summary>
public sealed record IntValue(int Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.Int;
}
