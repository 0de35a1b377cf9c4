namespace Edge.Things;

/// <summary>A boolean field value.</summary>
public sealed record BooleanValue(bool Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.Boolean;
}
