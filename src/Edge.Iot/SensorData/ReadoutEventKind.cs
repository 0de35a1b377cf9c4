namespace Edge.Iot.SensorData;

/// <summary>What a <see cref="ReadoutEvent"/> reports.</summary>
public enum ReadoutEventKind
{
    /// <summary>The device accepted the request and reads at once.</summary>
    Accepted,

    /// <summary>The device accepted the request and queued it (<c>queued='true'</c>).</summary>
    Queued,

    /// <summary>A queued readout began (<c>started</c>).</summary>
    Started,

    /// <summary>A <c>fields</c> message arrived.</summary>
    Fields,

    /// <summary>A <c>failure</c> message arrived.</summary>
    Failure,

    /// <summary>The readout is done.</summary>
    Done,
}
