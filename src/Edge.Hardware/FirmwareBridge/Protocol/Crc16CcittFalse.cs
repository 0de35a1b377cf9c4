namespace Edge.Hardware.FirmwareBridge.Protocol;

/// <summary>
/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, not reflected, no final XOR (check value of
/// <c>"123456789"</c> is 0x29B1). The frame checksum of the firmware-bridge protocol (PROTOCOL.md §1).
/// </summary>
public static class Crc16CcittFalse
{
    public const ushort InitialValue = 0xFFFF;

    public static ushort Compute(ReadOnlySpan<byte> data) => Update(InitialValue, data);

    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc ^= (ushort)(b << 8);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc;
    }
}
