using Edge.Things;

namespace Edge.Hardware;

/// <summary>Describes a numeric field a sensor produces: its name, unit and decimals (used for missing values too).</summary>
public sealed record SensorField(string Name, string Unit, int Decimals, ReadoutTypes Types = ReadoutTypes.Momentary)
{
    /// <summary>The field with a value.</summary>
    public Field With(double value, DateTimeOffset timestamp) =>
        new(Name, new NumericValue(value, Unit, Decimals), timestamp, Types);

    /// <summary>The field marked <see cref="FieldQoS.Missing"/> | <see cref="FieldQoS.Error"/>.</summary>
    public Field Missing(DateTimeOffset timestamp) =>
        new(Name, new NumericValue(0, Unit, Decimals), timestamp, Types, FieldQoS.Missing | FieldQoS.Error);
}
