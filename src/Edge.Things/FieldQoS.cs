namespace Edge.Things;

/// <summary>
/// Quality-of-service flags of a field value (XEP-0323 §3.3, attribute group <c>fieldQoS</c>).
/// A value read normally by the device is <see cref="AutomaticReadout"/>; a value that could not be read is
/// <see cref="Missing"/> together with <see cref="Error"/>.
/// </summary>
[Flags]
public enum FieldQoS
{
    None = 0,
    Missing = 1 << 0,
    InProgress = 1 << 1,
    AutomaticEstimate = 1 << 2,
    ManualEstimate = 1 << 3,
    ManualReadout = 1 << 4,
    AutomaticReadout = 1 << 5,
    TimeOffset = 1 << 6,
    Warning = 1 << 7,
    Error = 1 << 8,
    Signed = 1 << 9,
    Invoiced = 1 << 10,
    EndOfSeries = 1 << 11,
    PowerFailure = 1 << 12,
    InvoiceConfirmed = 1 << 13,
}
