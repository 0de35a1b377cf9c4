using Edge.Hardware.I2c.Ads1115;

namespace Edge.Hardware.Internal;

internal sealed record Bme280Settings(int Address);

internal sealed record Ina219Settings(int Address, double ShuntOhms, double MaxCurrent);

internal sealed record Ads1115Settings(int Address, Ads1115Gain Gain, Ads1115DataRate DataRate,
    IReadOnlyList<Ads1115Channel> Channels);

internal sealed record Ds18b20Settings(string Device);

internal sealed record Dht22Settings(int Pin);

internal sealed record S0Settings(int Pin, double ImpulsesPerKwh, TimeSpan Debounce, TimeSpan PersistInterval);

internal sealed record DigitalInputSettings(int Pin, TimeSpan Debounce, bool ActiveLow, bool PullUp);

internal sealed record ModbusSettings(string Bus, byte Unit, string MeterPath);
