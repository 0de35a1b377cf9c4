using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.Dht;

/// <summary>A DHT22 as a sensor node: Temperature (°C) and Humidity (%RH), checksum-validated.</summary>
public sealed class Dht22Sensor(ThingReference node, IDht22PulseSource source, ILogger? logger = null)
    : PolledSensor(node, FieldList, logger)
{
    private static readonly SensorField[] FieldList =
    [
        new("Temperature", Units.DegreesCelsius, 1),
        new("Humidity", Units.RelativeHumidity, 1),
    ];

    private readonly IDht22PulseSource _source = source ?? throw new ArgumentNullException(nameof(source));

    protected override ValueTask<IReadOnlyList<Field>> ReadCoreAsync(DateTimeOffset timestamp,
        CancellationToken cancellationToken)
    {
        TimeSpan[] widths = [.. _source.Capture()];
        if (!Dht22Frame.TryDecode(widths, out Dht22Reading r, out string? error))
        {
            throw new InvalidDataException($"DHT22: {error}");
        }

        return ValueTask.FromResult<IReadOnlyList<Field>>(
            [FieldList[0].With(r.TemperatureCelsius, timestamp), FieldList[1].With(r.HumidityPercent, timestamp)]);
    }

    protected override ValueTask DisposeCoreAsync()
    {
        _source.Dispose();
        return ValueTask.CompletedTask;
    }
}
