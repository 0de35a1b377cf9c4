namespace Edge.Hardware.I2c.Ads1115;

/// <summary>
/// One ADS1115 input as a field: <c>value = volts × <see cref="Scale"/> + <see cref="Offset"/></c> in
/// <see cref="Unit"/> (e.g. a 0–10 V transmitter behind a 1:3 divider, or a 4–20 mA loop across a shunt).
/// </summary>
public sealed record Ads1115Channel(int Input, string Name, string Unit = "V", int Decimals = 4, double Scale = 1,
    double Offset = 0);
