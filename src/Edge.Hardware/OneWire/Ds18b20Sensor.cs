using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.OneWire;

/// <summary>A <see cref="Ds18b20"/> as a sensor node: Temperature (°C).</summary>
public sealed class Ds18b20Sensor(ThingReference node, Ds18b20 device, ILogger? logger = null)
    : PolledSensor(node, [Field], logger)
{
    private static readonly SensorField Field = new("Temperature", Units.DegreesCelsius, 2);

    public Ds18b20 Device { get; } = device ?? throw new ArgumentNullException(nameof(device));

    protected override ValueTask<IReadOnlyList<Field>> ReadCoreAsync(DateTimeOffset timestamp,
        CancellationToken cancellationToken) =>
        Device.TryReadTemperature(out double celsius, out string? error)
            ? ValueTask.FromResult<IReadOnlyList<Field>>([Field.With(celsius, timestamp)])
            : throw new IOException($"DS18B20 {Device.DeviceId}: {error}");

    protected override ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
