namespace Edge.Things;

/// <summary>
/// A physical quantity: value, unit and the number of decimals that carry precision (XEP-0323 §3.4: "123.200 MWh"
/// has three). The unit may be empty for dimensionless quantities.
/// </summary>
public sealed record NumericValue : FieldValue
{
    public NumericValue(double value, string unit, int decimals)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A numeric field value must be finite.");
        }

        ArgumentNullException.ThrowIfNull(unit);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 15);
        Value = value;
        Unit = unit;
        Decimals = decimals;
    }

    public double Value { get; }

    public string Unit { get; }

    public int Decimals { get; }

    public override FieldValueKind Kind => FieldValueKind.Numeric;

    /// <summary>The value rounded to its number of decimals, as it goes on the wire.</summary>
    public double Rounded => Math.Round(Value, Decimals, MidpointRounding.AwayFromZero);
}
