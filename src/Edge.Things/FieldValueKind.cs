namespace Edge.Things;

/// <summary>The ten value kinds of XEP-0323.</summary>
public enum FieldValueKind
{
    Numeric,
    Boolean,
    Int,
    Long,
    String,
    Enum,
    Date,
    Time,
    DateTime,
    Duration,
}
