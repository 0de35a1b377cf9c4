using Edge.Hardware.Dht;

namespace Edge.Hardware.Simulation;

/// <summary>A simulated DHT22: each capture returns the pulse widths of a valid frame for the current signal value.</summary>
public sealed class SimulatedDht22(Func<DateTimeOffset, Dht22Reading> signal, TimeProvider? timeProvider = null)
    : IDht22PulseSource
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>When set, the next capture flips one bit (a checksum failure, as a missed edge would cause).</summary>
    public bool CorruptNext { get; set; }

    public IReadOnlyList<TimeSpan> Capture()
    {
        byte[] frame = Dht22Frame.Encode(signal(_timeProvider.GetUtcNow()));
        if (CorruptNext)
        {
            frame[1] ^= 0x01;
            CorruptNext = false;
        }

        return Dht22Frame.ToPulseWidths(frame);
    }

    public void Dispose()
    {
    }
}
