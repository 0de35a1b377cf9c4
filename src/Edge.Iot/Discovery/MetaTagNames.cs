namespace Edge.Iot.Discovery;

/// <summary>The predefined tag names of XEP-0347 §Meta Tags (a registry must store at least these).</summary>
public static class MetaTagNames
{
    public const string Altitude = "ALT";
    public const string Apartment = "APT";
    public const string Area = "AREA";
    public const string Building = "BLD";
    public const string City = "CITY";
    public const string Class = "CLASS";
    public const string Country = "COUNTRY";

    /// <summary>The secret shared between thing and owner: not searchable, never in search results.</summary>
    public const string Key = "KEY";
    public const string Latitude = "LAT";
    public const string Longitude = "LON";
    public const string Manufacturer = "MAN";
    public const string MeterLocation = "MLOC";
    public const string MeterNumber = "MNR";
    public const string Model = "MODEL";
    public const string Name = "NAME";
    public const string ProductUrl = "PURL";
    public const string Region = "REGION";
    public const string Room = "ROOM";
    public const string SerialNumber = "SN";
    public const string Street = "STREET";
    public const string StreetNumber = "STREETNR";
    public const string Version = "V";

    /// <summary>The predefined numeric tags; every other predefined tag is a string.</summary>
    public static IReadOnlySet<string> Numeric { get; } = new HashSet<string>(StringComparer.Ordinal) { Altitude, Latitude, Longitude, Version };
}
