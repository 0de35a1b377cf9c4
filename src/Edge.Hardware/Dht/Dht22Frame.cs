namespace Edge.Hardware.Dht;

/// <summary>
/// Decodes the DHT22 / AM2302 40-bit frame (Aosong AM2302 datasheet §7 "single-bus communication"): every bit is
/// 50 µs low then high for 26–28 µs ("0") or 70 µs ("1"); the 5 bytes are humidity ×10 (16 bits), temperature ×10
/// (16 bits, bit 15 = sign) and a checksum equal to the low 8 bits of the sum of the first four bytes.
/// </summary>
public static class Dht22Frame
{
    /// <summary>High pulses longer than this are "1" (midway between 28 µs and 70 µs).</summary>
    public static readonly TimeSpan OneThreshold = TimeSpan.FromMicroseconds(48);

    /// <summary>Turns 40 high-pulse widths into 5 bytes.</summary>
    public static bool TryGetBytes(ReadOnlySpan<TimeSpan> highWidths, Span<byte> bytes, out string? error)
    {
        if (highWidths.Length != 40)
        {
            error = $"expected 40 bit pulses, captured {highWidths.Length}";
            return false;
        }

        if (bytes.Length < 5)
        {
            throw new ArgumentException("Five bytes are needed.", nameof(bytes));
        }

        bytes[..5].Clear();
        for (int i = 0; i < 40; i++)
        {
            if (highWidths[i] > TimeSpan.FromMicroseconds(120))
            {
                error = $"bit {i} is {highWidths[i].TotalMicroseconds:0} µs high: not a DHT22 bit";
                return false;
            }

            if (highWidths[i] > OneThreshold)
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        error = null;
        return true;
    }

    /// <summary>Validates the checksum and decodes the five bytes.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out Dht22Reading reading, out string? error)
    {
        reading = default;
        if (bytes.Length != 5)
        {
            error = $"a frame is 5 bytes, not {bytes.Length}";
            return false;
        }

        var sum = (byte)(bytes[0] + bytes[1] + bytes[2] + bytes[3]);
        if (sum != bytes[4])
        {
            error = $"checksum 0x{bytes[4]:X2} does not match the sum 0x{sum:X2}";
            return false;
        }

        int rh = (bytes[0] << 8) | bytes[1];
        int t = ((bytes[2] & 0x7F) << 8) | bytes[3];
        double celsius = ((bytes[2] & 0x80) != 0 ? -t : t) / 10.0;
        if (rh > 1000 || celsius is < -40 or > 80)
        {
            error = $"out of the sensor's range: {rh / 10.0} %RH, {celsius} °C";
            return false;
        }

        reading = new Dht22Reading(rh / 10.0, celsius);
        error = null;
        return true;
    }

    /// <summary>Decodes 40 captured high-pulse widths.</summary>
    public static bool TryDecode(ReadOnlySpan<TimeSpan> highWidths, out Dht22Reading reading, out string? error)
    {
        Span<byte> bytes = stackalloc byte[5];
        if (!TryGetBytes(highWidths, bytes, out error))
        {
            reading = default;
            return false;
        }

        return TryDecode(bytes, out reading, out error);
    }

    /// <summary>Encodes a reading as a valid frame (for simulation).</summary>
    public static byte[] Encode(Dht22Reading reading)
    {
        var rh = (int)Math.Round(reading.HumidityPercent * 10);
        var t = (int)Math.Round(Math.Abs(reading.TemperatureCelsius) * 10);
        byte[] b = [(byte)(rh >> 8), (byte)rh, (byte)((t >> 8) | (reading.TemperatureCelsius < 0 ? 0x80 : 0)), (byte)t, 0];
        b[4] = (byte)(b[0] + b[1] + b[2] + b[3]);
        return b;
    }

    /// <summary>The 40 high-pulse widths a sensor would send for <paramref name="frame"/> (27 µs / 70 µs).</summary>
    public static TimeSpan[] ToPulseWidths(ReadOnlySpan<byte> frame)
    {
        var widths = new TimeSpan[frame.Length * 8];
        for (int i = 0; i < widths.Length; i++)
        {
            bool one = (frame[i / 8] & (0x80 >> (i % 8))) != 0;
            widths[i] = TimeSpan.FromMicroseconds(one ? 70 : 27);
        }

        return widths;
    }
}
