namespace Edge.Hardware.I2c.Ads1115;

/// <summary>Programmable-gain amplifier full-scale ranges (SBAS444 §9.6.3 config register bits PGA[2:0]).</summary>
public enum Ads1115Gain
{
    FullScale6144mV = 0b000,
    FullScale4096mV = 0b001,
    FullScale2048mV = 0b010,
    FullScale1024mV = 0b011,
    FullScale512mV = 0b100,
    FullScale256mV = 0b101,
}
