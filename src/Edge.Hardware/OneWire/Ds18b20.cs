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

    /// <summary>The most of <c>w1_slave</c> read into the stack (the kernel writes ~75 bytes).</summary>
    private const int MaxFileBytes = 512;

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
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out celsius, out error);
    }

    /// <summary>
    /// Parses the <c>w1_slave</c> text (as <see cref="TryParse(string, out double, out string?)"/>): the first two
    /// non-empty lines, trimmed; nothing is allocated unless the text is refused (the error).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double celsius, out string? error)
    {
        celsius = 0;
        if (!TryTakeLine(ref text, out var first) || !TryTakeLine(ref text, out var second))
        {
            error = "w1_slave has fewer than two lines";
            return false;
        }

        int crc = first.IndexOf("crc=", StringComparison.Ordinal);
        if (crc < 0)
        {
            error = "w1_slave line 1 has no crc=";
            return false;
        }

        // "crc=57 YES": the word after the checksum.
        var words = first[(crc + 4)..].TrimStart(' ');
        var space = words.IndexOf(' ');
        ReadOnlySpan<char> verdict = space < 0 ? [] : words[space..].TrimStart(' ');
        var end = verdict.IndexOf(' ');
        if (!(end < 0 ? verdict : verdict[..end]).SequenceEqual("YES"))
        {
            error = $"CRC check failed ({first[crc..]})";
            return false;
        }

        int t = second.IndexOf("t=", StringComparison.Ordinal);
        if (t < 0 || !int.TryParse(second[(t + 2)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int milli))
        {
            error = "w1_slave line 2 has no t=<millidegrees>";
            return false;
        }

        if (milli == 85000 && second.StartsWith("50 05", StringComparison.Ordinal))
        {
            error = "power-on reset value 85 °C: no conversion was made";
            return false;
        }

        celsius = milli / 1000.0;
        error = null;
        return true;
    }

    /// <summary>Reads the sensor; false with a reason when the kernel reports a CRC failure or the file is malformed.</summary>
    /// <remarks>
    /// Sampled every second, so read without a stream, a reader or a string: the file (two lines of ~40 ASCII
    /// characters) into a stack buffer, parsed as characters there. A file larger than the buffer is read as text.
    /// </remarks>
    public bool TryReadTemperature(out double celsius, out string? error)
    {
        Span<byte> bytes = stackalloc byte[MaxFileBytes];
        int length = 0;
        try
        {
            using var handle = File.OpenHandle(SlavePath);
            int read;
            while (length < bytes.Length && (read = RandomAccess.Read(handle, bytes[length..], length)) > 0)
            {
                length += read;
            }

            if (length == bytes.Length)
            {
                return TryParse(File.ReadAllText(SlavePath), out celsius, out error);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            celsius = 0;
            error = $"cannot read {SlavePath}: {e.Message}";
            return false;
        }

        // UTF-8 as File.ReadAllText reads it (the kernel writes ASCII).
        Span<char> text = stackalloc char[MaxFileBytes];
        int chars = System.Text.Encoding.UTF8.GetChars(bytes[..length], text);
        return TryParse(text[..chars], out celsius, out error);
    }

    /// <summary>The next non-empty line, trimmed (as <c>Split('\n', RemoveEmptyEntries | TrimEntries)</c>).</summary>
    private static bool TryTakeLine(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> line)
    {
        while (!text.IsEmpty)
        {
            var end = text.IndexOf('\n');
            line = (end < 0 ? text : text[..end]).Trim();
            text = end < 0 ? [] : text[(end + 1)..];
            if (!line.IsEmpty)
            {
                return true;
            }
        }

        line = default;
        return false;
    }
}
