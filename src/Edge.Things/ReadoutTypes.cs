namespace Edge.Things;

/// <summary>
/// The kinds of values a readout can ask for or a field can be (XEP-0323 §3.2, attribute group <c>fieldTypes</c>).
/// A field carries one or more of these; a readout request asks for a set of them.
/// </summary>
[Flags]
public enum ReadoutTypes
{
    None = 0,
    Momentary = 1 << 0,
    Peak = 1 << 1,
    Status = 1 << 2,
    Computed = 1 << 3,
    Identity = 1 << 4,
    HistoricalSecond = 1 << 5,
    HistoricalMinute = 1 << 6,
    HistoricalHour = 1 << 7,
    HistoricalDay = 1 << 8,
    HistoricalWeek = 1 << 9,
    HistoricalMonth = 1 << 10,
    HistoricalQuarter = 1 << 11,
    HistoricalYear = 1 << 12,
    HistoricalOther = 1 << 13,

    /// <summary>Every historical kind.</summary>
    Historical = HistoricalSecond | HistoricalMinute | HistoricalHour | HistoricalDay | HistoricalWeek
        | HistoricalMonth | HistoricalQuarter | HistoricalYear | HistoricalOther,

    /// <summary>Every kind.</summary>
    All = Momentary | Peak | Status | Computed | Identity | Historical,
}
