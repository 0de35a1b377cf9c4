using System.Device.I2c;

namespace Edge.Hardware.Bindings.Tests;

/// <summary>
/// Passes every call to a simulated device and counts the bus transactions (a write, a read, or a write-read with a
/// repeated start each count one), so the two drivers' bus traffic per reading can be compared.
/// </summary>
internal sealed class CountingI2cDevice(I2cDevice inner) : I2cDevice
{
    public int Transactions { get; private set; }

    public int Disposals { get; private set; }

    public override I2cConnectionSettings ConnectionSettings => inner.ConnectionSettings;

    public override byte ReadByte()
    {
        Transactions++;
        return inner.ReadByte();
    }

    public override void Read(Span<byte> buffer)
    {
        Transactions++;
        inner.Read(buffer);
    }

    public override void WriteByte(byte value)
    {
        Transactions++;
        inner.WriteByte(value);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Transactions++;
        inner.Write(buffer);
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Transactions++;
        inner.WriteRead(writeBuffer, readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        // The simulated device outlives the driver: a test reads its registers afterwards.
        Disposals++;
        base.Dispose(disposing);
    }
}
