using System.Globalization;

namespace Edge.Hardware.OneWire;

/// <summary>
/// Maxim DS18B20 1-Wire thermometer through the Linux <c>w1_therm</c> sysfs interface: the kernel reads the
/// scratchpad and checks its CRC (DS18B20 datasheet 19-7487, "CRC generation"), then writes two lines to
/// <c>/sys/bus/w1/devices/28-*/w1_slave</c>: the nine scratchpad bytes with <c>crc=xx YES|NO</c>, and the same bytes
/// with <c>t=</c> the temperature in m°C. A reading counts only with <c>YES</c>; 85000 with scratchpad bytes
/// 0x50 0x05 is the power-on reset value (the sensor never converted) and is refused too.
/// </summary>
public sealed class Ds18b20
{
    /// <summary>The usual sysfs root of the w1 bus.</summary>
    public const string DefaultDevicesPath = "/sys/bus/w1/devices";

    /// <summary>The 1-Wire family code of a DS18B20.</summary>
    public const string FamilyPrefix = "28-";

    public Ds18b20(string deviceId, string devicesPath = DefaultDevicesPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(devicesPath);
        DeviceId = deviceId;
        SlavePath = Path.Combine(devicesPath, deviceId, "w1_slave");
    }

    /// <summary>The device directory name, e.g. <c>28-0316a2794cff</c>.</summary>
    public string DeviceId { get; }

    public string SlavePath { get; }

    /// <summary>The DS18B20 device ids present under <paramref name="devicesPath"/>.</summary>
    public static IReadOnlyList<string> Discover(string devicesPath = DefaultDevicesPath) =>
        Directory.Exists(devicesPath)
            ? [.. Directory.EnumerateDirectories(devicesPath, FamilyPrefix + "*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Parses the <c>w1_slave</c> text; false for a CRC failure, a reset value or malformed text.</summary>
    public static bool TryParse(string text, out double celsius, out string? error)
    {
        celsius = 0;
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            error = "w1_slave has fewer than two lines";
            return false;
        }

        int crc = lines[0].IndexOf("crc=", StringComparison.Ordinal);
        if (crc < 0)
        {
            error = "w1_slave line 1 has no crc=";
            return false;
        }

        string verdict = lines[0][(crc + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, string v, ..] ? v : string.Empty;
        if (verdict != "YES")
        {
            error = $"CRC check failed ({lines[0][crc..]})";
            return false;
        }

        int t = lines[1].IndexOf("t=", StringComparison.Ordinal);
        if (t < 0 || !int.TryParse(lines[1].AsSpan(t + 2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out int milli))
        {
            error = "w1_slave line 2 has no t=<millidegrees>";
            return false;
        }

        if (milli == 85000 && lines[1].StartsWith("50 05", StringComparison.Ordinal))
        {
            error = "power-on reset value 85 °C: no conversion was made";
            return false;
        }

        celsius = milli / 1000.0;
        error = null;
        return true;
    }

    /// <summary>Reads the sensor; false with a reason when the kernel reports a CRC failure or the file is malformed.</summary>
    public bool TryReadTemperature(out double celsius, out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(SlavePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            celsius = 0;
            error = $"cannot read {SlavePath}: {e.Message}";
            return false;
        }

        return TryParse(text, out celsius, out error);
    }
}
