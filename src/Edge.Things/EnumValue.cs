namespace Edge.Things;

/// <summary>An enumeration field value: the symbolic <paramref name="Value"/> and the name of its enumeration type.</summary>
public sealed record EnumValue(string Value, string DataType) : FieldValue
{
    public override FieldValueKind Kind => FieldValueKind.Enum;
}
