namespace Edge.Iot.SensorData;

/// <summary>The XEP-0323 elements that carry only a <c>seqnr</c>.</summary>
public enum ReadoutSignalKind
{
    /// <summary><c>started</c> (message): a queued readout begins.</summary>
    Started,

    /// <summary><c>done</c> (message): the readout is complete.</summary>
    Done,

    /// <summary><c>cancel</c> (IQ get): the requester cancels a readout.</summary>
    Cancel,

    /// <summary><c>cancelled</c> (IQ result): the device confirms the cancel.</summary>
    Cancelled,
}
