namespace Edge.Things.Control;

/// <summary>The ten control parameter types of XEP-0325 §3.1 (the data-form field types it defines).</summary>
public enum ControlParameterType
{
    Boolean,
    Color,
    Date,
    DateTime,
    Double,
    Duration,
    Int,
    Long,
    String,
    Time,
}
