using Edge.Things;

namespace Edge.Hardware;

/// <summary>
/// A source of field values for one node: a driver on a bus (real or simulated). The sampler calls
/// <see cref="ReadAsync"/> once per cycle; a sensor that fails does not throw for an ordinary read failure but returns
/// its fields with <see cref="FieldQoS.Missing"/> | <see cref="FieldQoS.Error"/> (and logs once per state change).
/// </summary>
public interface ISensor : IAsyncDisposable
{
    /// <summary>The node this sensor's fields belong to.</summary>
    ThingReference Node { get; }

    /// <summary>Reads the sensor now. <paramref name="timestamp"/> is the sampling time to stamp the fields with.</summary>
    ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken);
}
