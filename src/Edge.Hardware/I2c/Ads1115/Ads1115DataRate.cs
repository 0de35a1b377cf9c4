namespace Edge.Hardware.I2c.Ads1115;

/// <summary>Data rates in samples per second (SBAS444 §9.6.3 config register bits DR[2:0]).</summary>
public enum Ads1115DataRate
{
    Sps8 = 0b000,
    Sps16 = 0b001,
    Sps32 = 0b010,
    Sps64 = 0b011,
    Sps128 = 0b100,
    Sps250 = 0b101,
    Sps475 = 0b110,
    Sps860 = 0b111,
}
