namespace Edge.Things;

/// <summary>A string field value.</summary>
public sealed record StringValue(string Value) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.String;
}
