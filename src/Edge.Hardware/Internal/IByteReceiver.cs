namespace Edge.Hardware.Internal;

/// <summary>
/// Where the Modbus bus thread gets the bytes of an answer: <see cref="ReceiveBuffer"/> (filled by a read loop over any
/// stream) or <see cref="TtyReceiver"/> (the bus thread reads the serial port itself, waiting in poll(2)).
/// </summary>
internal interface IByteReceiver
{
    /// <summary>Counts the changes a waiter wakes for (bytes, a failure, <see cref="Pulse"/>): read it before looking.</summary>
    long Version { get; }

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last byte received.</summary>
    long LastReceived { get; }

    /// <summary>Wakes the waiting thread to look again (its clock's timer fired, or it was cancelled). Any thread.</summary>
    void Pulse();

    /// <summary>Discards what has been received (a late answer, line noise) without waiting.</summary>
    void Clear();

    /// <summary>
    /// Waits on the calling thread until something changed since <paramref name="seen"/> (a <see cref="Version"/>):
    /// bytes arrived, the line failed, <see cref="Pulse"/> was called; or until <paramref name="timeout"/> passes
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: only a change). A change before the call returns at once.
    /// </summary>
    void Wait(TimeSpan timeout, long seen);

    /// <summary>
    /// Moves received bytes into <paramref name="destination"/> from <paramref name="filled"/> on, without waiting;
    /// returns how many are filled now. Throws once the line has failed and nothing is left to take.
    /// </summary>
    int Take(Span<byte> destination, int filled);
}
