using Edge.Things;

namespace Edge.Iot.SensorData;

/// <summary>
/// A step of a readout, reported through the progress callback of <see cref="SensorDataClient.ReadAsync"/> as it
/// arrives: for <see cref="ReadoutEventKind.Fields"/> the readings of that message, for
/// <see cref="ReadoutEventKind.Failure"/> its errors (empty otherwise).
/// </summary>
public sealed record ReadoutEvent(ReadoutEventKind Kind, int SeqNr, IReadOnlyList<Reading> Readings, IReadOnlyList<ReadoutError> Errors);
