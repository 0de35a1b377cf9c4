namespace Edge.Iot.SensorData;

/// <summary>How a readout requested with <see cref="SensorDataClient"/> ended.</summary>
public enum ReadoutOutcome
{
    /// <summary>The device said it is done (a <c>done</c> message or attribute); failures may still be listed.</summary>
    Done,

    /// <summary>The device refused the request (an IQ error: forbidden, item-not-found, bad-request …).</summary>
    Rejected,

    /// <summary>The readout was cancelled (<see cref="SensorDataClient.CancelAsync"/>) before it was done.</summary>
    Cancelled,
}
