namespace Edge.Things;

/// <summary>
/// Unit symbols the drivers use for <see cref="NumericValue.Unit"/>, so the same quantity is spelled the same way
/// everywhere (XEP-0323 leaves units free-form; these follow SI / IEC usage).
/// </summary>
public static class Units
{
    public const string DegreesCelsius = "°C";
    public const string Percent = "%";
    public const string RelativeHumidity = "%RH";
    public const string Hectopascal = "hPa";
    public const string Pascal = "Pa";
    public const string Volt = "V";
    public const string Millivolt = "mV";
    public const string Ampere = "A";
    public const string Milliampere = "mA";
    public const string Watt = "W";
    public const string Kilowatt = "kW";
    public const string WattHour = "Wh";
    public const string KilowattHour = "kWh";
    public const string VoltAmpere = "VA";
    public const string VoltAmpereReactive = "var";
    public const string Hertz = "Hz";
    public const string Second = "s";
    public const string Count = "";

    /// <summary>Converts watt-hours to kilowatt-hours.</summary>
    public static double WattHoursToKilowattHours(double wattHours) => wattHours / 1000.0;

    /// <summary>Converts pascals to hectopascals.</summary>
    public static double PascalsToHectopascals(double pascals) => pascals / 100.0;
}
