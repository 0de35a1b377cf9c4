namespace Edge.Hardware.Dht;

/// <summary>
/// Produces the 40 high-pulse widths of one DHT22 transmission: <see cref="GpioDht22PulseSource"/> on a real pin
/// (best effort: a non-real-time kernel may miss edges, which the checksum then rejects), or a simulation.
/// </summary>
public interface IDht22PulseSource : IDisposable
{
    /// <summary>Triggers the sensor and captures its bits; throws <see cref="IOException"/> if it does not answer.</summary>
    IReadOnlyList<TimeSpan> Capture();
}
