namespace Edge.Iot.Concentrator;

/// <summary>The node parameter element types of XEP-0326 §5.2 "Parameter Types" (the element names, camel-cased).</summary>
public enum NodeParameterType
{
    Boolean,
    Color,
    DateTime,
    Double,
    Duration,
    Int,
    Long,
    String,
    Time,
}
