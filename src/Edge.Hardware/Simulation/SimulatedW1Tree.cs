using System.Globalization;

namespace Edge.Hardware.Simulation;

/// <summary>
/// A w1 sysfs tree in a folder (by default a new folder in memory, <see cref="MemoryFolder"/>, as sysfs is): one
/// <c>28-*/w1_slave</c> file per simulated DS18B20, in
/// the exact two-line format of the kernel's <c>w1_therm</c> driver. The scratchpad bytes are derived from the
/// temperature (12-bit, 1/16 °C, DS18B20 datasheet "Operation — measuring temperature") with a real Dallas CRC-8.
/// A file is rewritten only when its text changes (a new 1/16 °C step): the kernel's file costs the reader a read, not
/// the writer a file created and renamed every second.
/// </summary>
public sealed class SimulatedW1Tree : IDisposable
{
    private readonly bool _ownsRoot;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public SimulatedW1Tree(string? root = null)
    {
        _ownsRoot = root is null;
        Root = root ?? Path.Combine(MemoryFolder, $"edge-w1-{Guid.NewGuid():N}");
        _ = Directory.CreateDirectory(Root);
    }

    /// <summary>
    /// Where a tree goes by default: <c>/dev/shm</c> (tmpfs) where there is one, else the temp folder. sysfs files live in
    /// memory; on a disk file system each rewrite (a file written aside and renamed over the old one) cost the writer
    /// an inode freed and, on ext4, the new file's data pushed to the disk at the rename: 14 % of the sim profile's CPU
    /// for under one rewrite a second.
    /// </summary>
    public static string MemoryFolder => OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    /// <summary>The folder standing in for <c>/sys/bus/w1/devices</c>.</summary>
    public string Root { get; }

    /// <summary>Writes a good reading for <paramref name="deviceId"/> (created if new).</summary>
    public void SetTemperature(string deviceId, double celsius) => Write(deviceId, celsius, crcOk: true);

    /// <summary>Writes a reading whose CRC the kernel rejected (<c>NO</c>).</summary>
    public void SetCrcError(string deviceId, double celsius) => Write(deviceId, celsius, crcOk: false);

    /// <summary>Writes arbitrary text (for malformed-file tests).</summary>
    public void SetRaw(string deviceId, string text)
    {
        lock (_lock)
        {
            if (_texts.TryGetValue(deviceId, out var current) && current == text)
            {
                return;
            }

            WriteFile(deviceId, text);
            _texts[deviceId] = text;
        }
    }

    public void Remove(string deviceId)
    {
        lock (_lock)
        {
            _texts.Remove(deviceId);
            Directory.Delete(Path.Combine(Root, deviceId), recursive: true);
        }
    }

    private void WriteFile(string deviceId, string text)
    {
        string dir = Path.Combine(Root, deviceId);
        _ = Directory.CreateDirectory(dir);

        // Written aside and renamed into place: a sysfs read sees the whole text or the old one, never a half-written
        // file (a reader racing File.WriteAllText saw "fewer than two lines").
        string temp = Path.Combine(dir, "w1_slave." + Environment.CurrentManagedThreadId + ".tmp");
        File.WriteAllText(temp, text);
        File.Move(temp, Path.Combine(dir, "w1_slave"), overwrite: true);
    }

    public void Dispose()
    {
        if (_ownsRoot && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Dallas/Maxim CRC-8 (polynomial x⁸ + x⁵ + x⁴ + 1, reflected 0x8C).</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (byte b in data)
        {
            byte x = b;
            for (int i = 0; i < 8; i++)
            {
                bool mix = ((crc ^ x) & 1) != 0;
                crc >>= 1;
                if (mix)
                {
                    crc ^= 0x8C;
                }

                x >>= 1;
            }
        }

        return crc;
    }

    private void Write(string deviceId, double celsius, bool crcOk)
    {
        var raw = (short)Math.Round(celsius * 16);
        Span<byte> pad = [(byte)raw, (byte)(raw >> 8), 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10, 0];
        pad[8] = Crc8(pad[..8]);
        if (!crcOk)
        {
            pad[8] ^= 0x5A;
        }

        string bytes = string.Join(' ', pad.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{bytes} : crc={pad[8]:x2} {(crcOk ? "YES" : "NO")}\n{bytes} t={raw * 1000 / 16}\n");
        SetRaw(deviceId, text);
    }
}
