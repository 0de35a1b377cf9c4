namespace Edge.Hardware.Dht;

/// <summary>One decoded DHT22 (AM2302) frame.</summary>
public readonly record struct Dht22Reading(double HumidityPercent, double TemperatureCelsius);
