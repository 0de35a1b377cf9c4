namespace Edge.Things;

/// <summary>
/// A typed field value. The ten concrete kinds mirror the XEP-0323 value elements (numeric, boolean, int, long,
/// string, enum, date, time, dateTime, duration); the model itself knows nothing of XML.
/// </summary>
public abstract record FieldValue
{
    private protected FieldValue()
    {
    }

    /// <summary>The kind of value, for switch-free dispatch in codecs.</summary>
    public abstract FieldValueKind Kind { get; }
}
