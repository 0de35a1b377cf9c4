using Edge.Hardware.Gpio;

namespace Edge.Hardware.Profiles;

/// <summary>
/// The sensors and relays a profile describes, alive. Disposing puts every relay in its fail-safe state, persists
/// counters and releases buses; it is idempotent.
/// </summary>
public sealed class HardwareSet : IAsyncDisposable
{
    private readonly IReadOnlyList<IAsyncDisposable> _owned;
    private int _disposed;

    internal HardwareSet(HardwareProfile profile, IReadOnlyList<ISensor> sensors, IReadOnlyList<Relay> relays,
        IReadOnlyList<IAsyncDisposable> owned)
    {
        Profile = profile;
        Sensors = sensors;
        Relays = relays;
        _owned = owned;
    }

    public HardwareProfile Profile { get; }

    /// <summary>Every sensor, in profile order (relays not included: see <see cref="Relays"/>).</summary>
    public IReadOnlyList<ISensor> Sensors { get; }

    public IReadOnlyList<Relay> Relays { get; }

    /// <summary>The relay with this node id, if any.</summary>
    public Relay? FindRelay(string nodeId) => Relays.FirstOrDefault(r => r.Node.NodeId == nodeId);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Relays first: the fail-safe state must be applied even if a sensor's dispose fails.
        foreach (Relay relay in Relays)
        {
            await relay.DisposeAsync().ConfigureAwait(false);
        }

        foreach (ISensor sensor in Sensors)
        {
            await sensor.DisposeAsync().ConfigureAwait(false);
        }

        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync().ConfigureAwait(false);
        }
    }
}
