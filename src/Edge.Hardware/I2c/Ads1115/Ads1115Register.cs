namespace Edge.Hardware.I2c.Ads1115;

/// <summary>ADS1115 registers (TI SBAS444, §9.6 register map, address pointer register table 6).</summary>
public enum Ads1115Register : byte
{
    Conversion = 0x00,
    Config = 0x01,
    LowThreshold = 0x02,
    HighThreshold = 0x03,
}
