using Edge.Hardware.Internal;
using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.I2c.Ads1115;

/// <summary>An <see cref="Ads1115"/> as a sensor node: one field per configured channel.</summary>
public sealed class Ads1115Sensor : PolledSensor
{
    private readonly LazyDevice<Ads1115> _device;
    private readonly IReadOnlyList<Ads1115Channel> _channels;

    public Ads1115Sensor(ThingReference node, Func<Ads1115> open, IReadOnlyList<Ads1115Channel> channels,
        ILogger? logger = null)
        : base(node, [.. (channels ?? throw new ArgumentNullException(nameof(channels))).Select(c => new SensorField(c.Name, c.Unit, c.Decimals))], logger)
    {
        ArgumentNullException.ThrowIfNull(open);
        _device = new LazyDevice<Ads1115>(open);
        _channels = channels;
    }

    protected override ValueTask<IReadOnlyList<Field>> ReadCoreAsync(DateTimeOffset timestamp,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(_device.Use<IReadOnlyList<Field>>(adc =>
        {
            var fields = new List<Field>(_channels.Count);
            for (int i = 0; i < _channels.Count; i++)
            {
                Ads1115Channel c = _channels[i];
                if (!adc.TryReadVoltage(c.Input, out double volts))
                {
                    throw new TimeoutException($"ADS1115 AIN{c.Input}: the conversion did not complete.");
                }

                fields.Add(Fields[i].With((volts * c.Scale) + c.Offset, timestamp));
            }

            return fields;
        }));

    protected override ValueTask DisposeCoreAsync()
    {
        _device.Dispose();
        return ValueTask.CompletedTask;
    }
}
