using System.Buffers.Binary;
using System.Text;

namespace Edge.Hardware.FirmwareBridge.Protocol;

public static partial class BridgeFrameCodec
{
    /// <summary>
    /// Decodes one encoded frame (the bytes between two delimiters) in place: COBS, length, CRC, layout.
    /// </summary>
    public static BridgeFrameError TryDecode(Span<byte> encoded, out BridgeFrame? frame) =>
        TryDecode(encoded, out frame, out _);

    /// <inheritdoc cref="TryDecode(Span{byte}, out BridgeFrame?)"/>
    /// <param name="encoded">The encoded bytes; overwritten by the decoded frame.</param>
    /// <param name="frame">The frame when the result is <see cref="BridgeFrameError.None"/>.</param>
    /// <param name="decodedLength">Length of the decoded frame including its CRC (0 if COBS failed).</param>
    public static BridgeFrameError TryDecode(Span<byte> encoded, out BridgeFrame? frame, out int decodedLength)
    {
        frame = null;
        decodedLength = 0;
        if (encoded.Length > MaxEncodedLength)
        {
            return BridgeFrameError.Oversize;
        }

        if (!Cobs.TryDecode(encoded, encoded, out int n))
        {
            return BridgeFrameError.Cobs;
        }

        decodedLength = n;
        if (n < 3)
        {
            return BridgeFrameError.Runt;
        }

        if (Crc16CcittFalse.Compute(encoded[..(n - 2)]) != BinaryPrimitives.ReadUInt16LittleEndian(encoded[(n - 2)..]))
        {
            return BridgeFrameError.Crc;
        }

        return TryParse(encoded[..(n - 2)], out frame);
    }

    /// <summary>Parses type + body (no CRC). Returns <see cref="BridgeFrameError.Unknown"/> or <see cref="BridgeFrameError.Malformed"/> on failure.</summary>
    public static BridgeFrameError TryParse(ReadOnlySpan<byte> raw, out BridgeFrame? frame)
    {
        frame = null;
        if (raw.IsEmpty)
        {
            return BridgeFrameError.Malformed;
        }

        ReadOnlySpan<byte> b = raw[1..];
        switch ((BridgeFrameType)raw[0])
        {
            case BridgeFrameType.Hello:
                if (b.Length < 4)
                {
                    return BridgeFrameError.Malformed;
                }

                frame = new HelloFrame(U16(b), b[2], b[3]);
                return BridgeFrameError.None;
            case BridgeFrameType.Announce:
                if (b.Length < 6)
                {
                    return BridgeFrameError.Malformed;
                }

                frame = new AnnounceFrame(b[0], b[1], BinaryPrimitives.ReadUInt32LittleEndian(b[2..]));
                return BridgeFrameError.None;
            case BridgeFrameType.HelloAck:
                return ParseHelloAck(b, out frame);
            case BridgeFrameType.Channel:
                return ParseChannel(b, out frame);
            case BridgeFrameType.Reading:
                return ParseReading(b, out frame);
            case BridgeFrameType.Command:
                if (b.Length < 8)
                {
                    return BridgeFrameError.Malformed;
                }

                frame = new CommandFrame(U16(b), (BridgeCommandOp)b[2], b[3], BinaryPrimitives.ReadInt32LittleEndian(b[4..]));
                return BridgeFrameError.None;
            case BridgeFrameType.Ack:
                if (b.Length < 2)
                {
                    return BridgeFrameError.Malformed;
                }

                frame = new AckFrame(U16(b));
                return BridgeFrameError.None;
            case BridgeFrameType.Nak:
                if (b.Length < 3)
                {
                    return BridgeFrameError.Malformed;
                }

                frame = new NakFrame(U16(b), (FirmwareBridgeNakReason)b[2]);
                return BridgeFrameError.None;
            default:
                return BridgeFrameError.Unknown;
        }
    }

    private static ushort U16(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadUInt16LittleEndian(b);

    private static BridgeFrameError ParseHelloAck(ReadOnlySpan<byte> b, out BridgeFrame? frame)
    {
        frame = null;
        if (b.Length < 11 || b[3] > MaxChannels || b[10] > MaxModelLength || 11 + b[10] > b.Length)
        {
            return BridgeFrameError.Malformed;
        }

        ReadOnlySpan<byte> model = b.Slice(11, b[10]);
        foreach (byte c in model)
        {
            if (!IsModelChar((char)c))
            {
                return BridgeFrameError.Malformed;
            }
        }

        frame = new HelloAckFrame(U16(b), b[2], b[3], BinaryPrimitives.ReadUInt32LittleEndian(b[4..]), b[8], b[9],
            Encoding.ASCII.GetString(model));
        return BridgeFrameError.None;
    }

    private static BridgeFrameError ParseChannel(ReadOnlySpan<byte> b, out BridgeFrame? frame)
    {
        frame = null;
        if (b.Length < 20)
        {
            return BridgeFrameError.Malformed;
        }

        int unitLength = b[18];
        if (unitLength > MaxUnitLength || 20 + unitLength > b.Length)
        {
            return BridgeFrameError.Malformed;
        }

        int nameLength = b[19 + unitLength];
        if (nameLength is < 1 or > MaxNameLength || 20 + unitLength + nameLength > b.Length)
        {
            return BridgeFrameError.Malformed;
        }

        var kind = (FirmwareBridgeChannelKind)b[1];
        ushort period = U16(b[4..]);
        uint den = BinaryPrimitives.ReadUInt32LittleEndian(b[14..]);
        ReadOnlySpan<byte> unitBytes = b.Slice(19, unitLength);
        ReadOnlySpan<byte> nameBytes = b.Slice(20 + unitLength, nameLength);
        if (b[0] >= MaxChannels || kind is < FirmwareBridgeChannelKind.Analog or > FirmwareBridgeChannelKind.Output
            || b[2] > 15 || period < MinPeriodMilliseconds || den == 0 || !IsValidUnit(unitBytes))
        {
            return BridgeFrameError.Malformed;
        }

        foreach (byte c in nameBytes)
        {
            if (!IsNameChar((char)c))
            {
                return BridgeFrameError.Malformed;
            }
        }

        string unit;
        try
        {
            unit = StrictUtf8.GetString(unitBytes);
        }
        catch (DecoderFallbackException)
        {
            return BridgeFrameError.Malformed;
        }

        frame = new ChannelFrame(b[0], kind, b[2], period, BinaryPrimitives.ReadInt32LittleEndian(b[6..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[10..]), den, unit, Encoding.ASCII.GetString(nameBytes));
        return BridgeFrameError.None;
    }

    private static BridgeFrameError ParseReading(ReadOnlySpan<byte> b, out BridgeFrame? frame)
    {
        frame = null;
        if (b.Length < 7 || b[6] is < 1 or > MaxSamples || 7 + (6 * b[6]) > b.Length)
        {
            return BridgeFrameError.Malformed;
        }

        var samples = new BridgeSample[b[6]];
        for (int i = 0; i < samples.Length; i++)
        {
            ReadOnlySpan<byte> s = b.Slice(7 + (6 * i), 6);
            if (s[1] > (byte)BridgeSampleStatus.Overrange)
            {
                return BridgeFrameError.Malformed;
            }

            samples[i] = new BridgeSample(s[0], (BridgeSampleStatus)s[1], BinaryPrimitives.ReadInt32LittleEndian(s[2..]));
        }

        frame = new ReadingFrame(U16(b), BinaryPrimitives.ReadUInt32LittleEndian(b[2..]), samples);
        return BridgeFrameError.None;
    }
}
