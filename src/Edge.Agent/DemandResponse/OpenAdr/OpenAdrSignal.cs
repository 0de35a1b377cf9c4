namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// One <c>ei:eiEventSignal</c> (<c>ei:eiEventSignalType</c>): <c>strm:intervals</c>, <c>ei:signalName</c>,
/// <c>ei:signalType</c>, <c>ei:signalID</c> and the optional <c>ei:currentValue</c>. The signal's optional
/// <c>ei:eiTarget</c> (device class) and <c>emix:itemBase</c> (unit) are not carried.
/// </summary>
public sealed class OpenAdrSignal
{
    /// <summary>The 2.0b name of the simple-levels signal (<c>ei:SignalNameEnumeratedType</c>; <c>simple</c> is its deprecated 2.0a spelling).</summary>
    public const string SimpleName = "SIMPLE";

    /// <summary><c>ei:signalName</c>: <c>SIMPLE</c>, <c>ELECTRICITY_PRICE</c>, <c>LOAD_DISPATCH</c>…, or an <c>x-</c> extension.</summary>
    public required string SignalName { get; init; }

    /// <summary><c>ei:signalType</c>: <c>level</c>, <c>price</c>, <c>delta</c>, <c>setpoint</c>…</summary>
    public required string SignalType { get; init; }

    /// <summary><c>ei:signalID</c>.</summary>
    public required string SignalId { get; init; }

    /// <summary><c>ei:currentValue/ei:payloadFloat/ei:value</c>: the value of the interval executing now, if the VTN says.</summary>
    public double? CurrentValue { get; init; }

    /// <summary><c>strm:intervals/ei:interval</c>, in wire order (at least one in a valid payload).</summary>
    public IReadOnlyList<OpenAdrInterval> Intervals { get; init; } = [];

    /// <summary>Whether this is the simple-levels signal: <c>SIMPLE</c>, or <c>simple</c> from a 2.0a-era VTN.</summary>
    public bool IsSimple => string.Equals(SignalName, SimpleName, StringComparison.OrdinalIgnoreCase);
}
