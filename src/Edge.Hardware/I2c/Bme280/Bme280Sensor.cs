using Edge.Hardware.Internal;
using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.I2c.Bme280;

/// <summary>A <see cref="Bme280"/> as a sensor node: Temperature (°C), Pressure (hPa), Humidity (%RH).</summary>
public sealed class Bme280Sensor : PolledSensor
{
    private static readonly SensorField[] FieldList =
    [
        new("Temperature", Units.DegreesCelsius, 2),
        new("Pressure", Units.Hectopascal, 2),
        new("Humidity", Units.RelativeHumidity, 1),
    ];

    private readonly LazyDevice<Bme280> _device;

    /// <summary>
    /// <paramref name="open"/> creates the driver (it is called again after a failure, so a sensor plugged in later or
    /// a glitch that reset it recovers).
    /// </summary>
    public Bme280Sensor(ThingReference node, Func<Bme280> open, ILogger? logger = null)
        : base(node, FieldList, logger)
    {
        ArgumentNullException.ThrowIfNull(open);
        _device = new LazyDevice<Bme280>(open);
    }

    protected override ValueTask<IReadOnlyList<Field>> ReadCoreAsync(DateTimeOffset timestamp,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(_device.Use<IReadOnlyList<Field>>(bme => bme.TryRead(out Bme280Reading r)
            ? [
                FieldList[0].With(r.TemperatureCelsius, timestamp),
                FieldList[1].With(Units.PascalsToHectopascals(r.PressurePascals), timestamp),
                FieldList[2].With(r.HumidityPercent, timestamp),
            ]
            : throw new IOException("The BME280 has no measurement yet.")));

    protected override ValueTask DisposeCoreAsync()
    {
        _device.Dispose();
        return ValueTask.CompletedTask;
    }
}
