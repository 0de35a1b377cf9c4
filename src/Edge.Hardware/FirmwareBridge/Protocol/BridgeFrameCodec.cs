using System.Buffers.Binary;
using System.Text;

namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>
/// Reads and writes firmware-bridge frames: layout (little-endian), CRC-16/CCITT-FALSE, COBS and the 0x00 delimiter
/// (PROTOCOL.md §1–2, §5). The same rules as the C codec in <c>firmware-bridge/src/frame.c</c>; both are checked
/// against <c>firmware-bridge/vectors/frames.txt</c>.
/// </summary>
public static partial class BridgeFrameCodec
{
    public const byte ProtocolVersion = 1;
    public const int MaxFrameLength = 254;
    public const int MaxEncodedLength = 255;
    public const int MaxWireLength = 256;
    public const int MaxChannels = 32;
    public const int MaxSamples = 40;
    public const int MaxModelLength = 32;
    public const int MaxUnitLength = 16;
    public const int MaxNameLength = 32;
    public const int MinPeriodMilliseconds = 10;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes a frame into its wire bytes, delimiter included.</summary>
    /// <exception cref="ArgumentException">A field breaks a protocol limit.</exception>
    public static byte[] Encode(BridgeFrame frame)
    {
        Span<byte> wire = stackalloc byte[MaxWireLength];
        int n = Encode(frame, wire);
        return wire[..n].ToArray();
    }

    /// <summary>Encodes a frame into <paramref name="wire"/> (at least <see cref="MaxWireLength"/> bytes); returns its length.</summary>
    /// <exception cref="ArgumentException">A field breaks a protocol limit.</exception>
    public static int Encode(BridgeFrame frame, Span<byte> wire)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (wire.Length < MaxWireLength)
        {
            throw new ArgumentException($"The wire buffer must hold {MaxWireLength} bytes.", nameof(wire));
        }

        Span<byte> raw = stackalloc byte[MaxFrameLength];
        int n = Serialize(frame, raw);
        ushort crc = Crc16CcittFalse.Compute(raw[..n]);
        BinaryPrimitives.WriteUInt16LittleEndian(raw[n..], crc);
        int e = Cobs.Encode(raw[..(n + 2)], wire);
        wire[e] = 0;
        return e + 1;
    }

    private static int Serialize(BridgeFrame frame, Span<byte> b)
    {
        b[0] = (byte)frame.Type;
        switch (frame)
        {
            case HelloFrame h:
                BinaryPrimitives.WriteUInt16LittleEndian(b[1..], h.CommandId);
                b[3] = h.MinVersion;
                b[4] = h.MaxVersion;
                return 5;
            case AnnounceFrame a:
                b[1] = a.MinVersion;
                b[2] = a.MaxVersion;
                BinaryPrimitives.WriteUInt32LittleEndian(b[3..], a.DeviceId);
                return 7;
            case HelloAckFrame h:
            {
                Require(h.ChannelCount <= MaxChannels, "channel count");
                Require(h.Model.Length <= MaxModelLength && h.Model.All(IsModelChar), "model");
                BinaryPrimitives.WriteUInt16LittleEndian(b[1..], h.CommandId);
                b[3] = h.Version;
                b[4] = h.ChannelCount;
                BinaryPrimitives.WriteUInt32LittleEndian(b[5..], h.DeviceId);
                b[9] = h.FirmwareMajor;
                b[10] = h.FirmwareMinor;
                b[11] = (byte)h.Model.Length;
                int m = Encoding.ASCII.GetBytes(h.Model, b[12..]);
                return 12 + m;
            }

            case ChannelFrame c:
            {
                Require(c.Index < MaxChannels, "index");
                Require(c.Kind is FirmwareBridgeChannelKind.Analog or FirmwareBridgeChannelKind.Counter or FirmwareBridgeChannelKind.Output, "kind");
                Require(c.Decimals <= 15, "decimals");
                Require(c.PeriodMilliseconds >= MinPeriodMilliseconds, "period");
                Require(c.Denominator > 0, "denominator");
                Require(c.Name.Length is >= 1 and <= MaxNameLength && c.Name.All(IsNameChar), "name");
                byte[] unit = StrictUtf8.GetBytes(c.Unit);
                Require(unit.Length <= MaxUnitLength && IsValidUnit(unit), "unit");
                b[1] = c.Index;
                b[2] = (byte)c.Kind;
                b[3] = c.Decimals;
                b[4] = 0;
                BinaryPrimitives.WriteUInt16LittleEndian(b[5..], c.PeriodMilliseconds);
                BinaryPrimitives.WriteInt32LittleEndian(b[7..], c.Zero);
                BinaryPrimitives.WriteInt32LittleEndian(b[11..], c.Numerator);
                BinaryPrimitives.WriteUInt32LittleEndian(b[15..], c.Denominator);
                int n = 19;
                b[n++] = (byte)unit.Length;
                unit.CopyTo(b[n..]);
                n += unit.Length;
                b[n++] = (byte)c.Name.Length;
                n += Encoding.ASCII.GetBytes(c.Name, b[n..]);
                return n;
            }

            case ReadingFrame r:
            {
                Require(r.Samples.Count is >= 1 and <= MaxSamples, "sample count");
                BinaryPrimitives.WriteUInt16LittleEndian(b[1..], r.Sequence);
                BinaryPrimitives.WriteUInt32LittleEndian(b[3..], r.TickMilliseconds);
                b[7] = (byte)r.Samples.Count;
                int n = 8;
                foreach (BridgeSample s in r.Samples)
                {
                    Require(s.Status <= BridgeSampleStatus.Overrange, "sample status");
                    b[n] = s.Index;
                    b[n + 1] = (byte)s.Status;
                    BinaryPrimitives.WriteInt32LittleEndian(b[(n + 2)..], s.Raw);
                    n += 6;
                }

                return n;
            }

            case CommandFrame c:
                BinaryPrimitives.WriteUInt16LittleEndian(b[1..], c.CommandId);
                b[3] = (byte)c.Op;
                b[4] = c.Channel;
                BinaryPrimitives.WriteInt32LittleEndian(b[5..], c.Value);
                return 9;
            case AckFrame a:
                BinaryPrimitives.WriteUInt16LittleEndian(b[1..], a.CommandId);
                return 3;
            case NakFrame k:
                BinaryPrimitives.WriteUInt16LittleEndian(b[1..], k.CommandId);
                b[3] = (byte)k.Reason;
                return 4;
            default:
                throw new ArgumentException($"Unknown frame type {frame.GetType().Name}.", nameof(frame));
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"The frame's {what} breaks a protocol limit (PROTOCOL.md §2, §5).", nameof(what));
        }
    }

    private static bool IsModelChar(char c) => c is > ' ' and < (char)0x7F;

    private static bool IsNameChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-';

    /// <summary>UTF-8 (checked by the caller) without spaces or control characters.</summary>
    private static bool IsValidUnit(ReadOnlySpan<byte> unit)
    {
        foreach (byte b in unit)
        {
            if (b <= 0x20 || b == 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
