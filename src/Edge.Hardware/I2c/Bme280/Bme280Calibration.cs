using System.Buffers.Binary;

namespace Edge.Hardware.I2c.Bme280;

/// <summary>The trimming parameters of one BME280 (datasheet §4.2.2, table 16).</summary>
public sealed record Bme280Calibration(
    ushort T1, short T2, short T3,
    ushort P1, short P2, short P3, short P4, short P5, short P6, short P7, short P8, short P9,
    byte H1, short H2, byte H3, short H4, short H5, sbyte H6)
{
    /// <summary>
    /// Parses the two calibration blocks: 26 bytes from 0x88 and 7 bytes from 0xE1. dig_H4 and dig_H5 are 12-bit
    /// values sharing 0xE5 (H4 = 0xE4[7:0]·16 + 0xE5[3:0], H5 = 0xE6[7:0]·16 + 0xE5[7:4]).
    /// </summary>
    public static Bme280Calibration Parse(ReadOnlySpan<byte> block88, ReadOnlySpan<byte> blockE1)
    {
        if (block88.Length < 26 || blockE1.Length < 7)
        {
            throw new ArgumentException("The calibration blocks are 26 and 7 bytes long.");
        }

        return new Bme280Calibration(
            U(block88, 0), S(block88, 2), S(block88, 4),
            U(block88, 6), S(block88, 8), S(block88, 10), S(block88, 12), S(block88, 14), S(block88, 16),
            S(block88, 18), S(block88, 20), S(block88, 22),
            block88[25],
            BinaryPrimitives.ReadInt16LittleEndian(blockE1),
            blockE1[2],
            (short)(((sbyte)blockE1[3] << 4) | (blockE1[4] & 0x0F)),
            (short)(((sbyte)blockE1[5] << 4) | (blockE1[4] >> 4)),
            (sbyte)blockE1[6]);
    }

    private static ushort U(ReadOnlySpan<byte> b, int i) => BinaryPrimitives.ReadUInt16LittleEndian(b[i..]);

    private static short S(ReadOnlySpan<byte> b, int i) => BinaryPrimitives.ReadInt16LittleEndian(b[i..]);

    /// <summary>The inverse of <see cref="Parse"/> (for simulated register files).</summary>
    public void Write(Span<byte> block88, Span<byte> blockE1)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(block88, T1);
        BinaryPrimitives.WriteInt16LittleEndian(block88[2..], T2);
        BinaryPrimitives.WriteInt16LittleEndian(block88[4..], T3);
        BinaryPrimitives.WriteUInt16LittleEndian(block88[6..], P1);
        short[] p = [P2, P3, P4, P5, P6, P7, P8, P9];
        for (int i = 0; i < p.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(block88[(8 + (2 * i))..], p[i]);
        }

        block88[24] = 0;
        block88[25] = H1;
        BinaryPrimitives.WriteInt16LittleEndian(blockE1, H2);
        blockE1[2] = H3;
        blockE1[3] = (byte)(H4 >> 4);
        blockE1[4] = (byte)((H4 & 0x0F) | ((H5 & 0x0F) << 4));
        blockE1[5] = (byte)(H5 >> 4);
        blockE1[6] = (byte)H6;
    }
}
