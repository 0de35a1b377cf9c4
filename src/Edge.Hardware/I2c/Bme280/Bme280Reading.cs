namespace Edge.Hardware.I2c.Bme280;

/// <summary>One compensated BME280 measurement.</summary>
public readonly record struct Bme280Reading(double TemperatureCelsius, double PressurePascals, double HumidityPercent);
