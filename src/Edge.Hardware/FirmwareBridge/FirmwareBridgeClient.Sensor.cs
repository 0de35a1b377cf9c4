using Edge.Hardware.FirmwareBridge.Protocol;
using Edge.Things;

namespace Edge.Hardware.FirmwareBridge;

// ISensor: the MCU is one node; each channel a field with the descriptor's name, unit and decimals.
public sealed partial class FirmwareBridgeClient
{
    /// <summary>
    /// The latest value of every channel. A channel whose last sample is older than
    /// max(<see cref="FirmwareBridgeOptions.SilenceTimeout"/>, 3 periods), whose sample was a fault, or any channel
    /// while the bridge is silent or disconnected, is reported <see cref="FieldQoS.Missing"/> | <see cref="FieldQoS.Error"/>.
    /// Before the first handshake there is one status field, <c>bridge</c>.
    /// </summary>
    public ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_descriptor is null)
            {
                Field status = new("bridge", new StringValue(_state.ToString()), timestamp, ReadoutTypes.Status,
                    FieldQoS.Missing | FieldQoS.Error);
                return ValueTask.FromResult<IReadOnlyList<Field>>([status]);
            }

            DateTimeOffset now = _timeProvider.GetUtcNow();
            bool live = _state == BridgeState.Connected;
            var fields = new List<Field>(_descriptor.Channels.Count);
            foreach (FirmwareBridgeChannel channel in _descriptor.Channels)
            {
                LastSample? last = live && channel.Index < _lastSamples.Length ? _lastSamples[channel.Index] : null;
                TimeSpan maxAge = channel.Period * 3 > _options.SilenceTimeout ? channel.Period * 3 : _options.SilenceTimeout;
                bool good = last is not null && last.Status != BridgeSampleStatus.Fault && now - last.ReceivedAt <= maxAge;
                fields.Add(ToField(channel, good ? last : null, timestamp));
            }

            return ValueTask.FromResult<IReadOnlyList<Field>>(fields);
        }
    }

    private static Field ToField(FirmwareBridgeChannel channel, LastSample? sample, DateTimeOffset timestamp)
    {
        const FieldQoS missing = FieldQoS.Missing | FieldQoS.Error;
        if (channel.Kind == FirmwareBridgeChannelKind.Output)
        {
            return new Field(channel.Name, new BooleanValue(sample is not null && sample.Raw != 0), timestamp,
                ReadoutTypes.Status, sample is null ? missing : FieldQoS.AutomaticReadout)
            {
                Writable = true,
            };
        }

        if (sample is null)
        {
            return new Field(channel.Name, new NumericValue(0, channel.Unit, channel.Decimals), timestamp,
                ReadoutTypes.Momentary, missing);
        }

        FieldQoS qos = sample.Status == BridgeSampleStatus.Overrange
            ? FieldQoS.AutomaticReadout | FieldQoS.Warning
            : FieldQoS.AutomaticReadout;
        return new Field(channel.Name, new NumericValue(channel.ToPhysical(sample.Raw), channel.Unit, channel.Decimals),
            timestamp, ReadoutTypes.Momentary, qos);
    }
}
