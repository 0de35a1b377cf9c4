using Edge.Hardware.Internal;
using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.I2c.Ina219;

/// <summary>An <see cref="Ina219"/> as a sensor node: Bus voltage (V), Current (A), Power (W).</summary>
public sealed class Ina219Sensor(ThingReference node, Func<Ina219> open, ILogger? logger = null)
    : PolledSensor(node, FieldList, logger)
{
    private static readonly SensorField[] FieldList =
    [
        new("Bus voltage", Units.Volt, 3),
        new("Current", Units.Ampere, 4),
        new("Power", Units.Watt, 3),
    ];

    private readonly LazyDevice<Ina219> _device = new(open ?? throw new ArgumentNullException(nameof(open)));

    protected override ValueTask<IReadOnlyList<Field>> ReadCoreAsync(DateTimeOffset timestamp,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(_device.Use<IReadOnlyList<Field>>(ina => ina.TryRead(out Ina219Reading r)
            ? [
                FieldList[0].With(r.BusVolts, timestamp),
                FieldList[1].With(r.CurrentAmperes, timestamp),
                FieldList[2].With(r.PowerWatts, timestamp),
            ]
            : throw new IOException("INA219 math overflow: the current exceeds the calibrated range.")));

    protected override ValueTask DisposeCoreAsync()
    {
        _device.Dispose();
        return ValueTask.CompletedTask;
    }
}
