using System.Device.I2c;

namespace Edge.Hardware.Simulation;

/// <summary>The common part of the simulated I2C devices: settings, a "disconnected" switch, the byte helpers.</summary>
public abstract class SimulatedI2cDevice : I2cDevice
{
    protected SimulatedI2cDevice(I2cConnectionSettings settings)
    {
        ConnectionSettings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    public override I2cConnectionSettings ConnectionSettings { get; }

    /// <summary>Whether reads and writes fail with an <see cref="IOException"/> (a disconnected device).</summary>
    public bool Disconnected { get; set; }

    public override byte ReadByte()
    {
        Span<byte> b = stackalloc byte[1];
        Read(b);
        return b[0];
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    protected void ThrowIfDisconnected()
    {
        if (Disconnected)
        {
            throw new IOException($"Simulated I2C device 0x{ConnectionSettings.DeviceAddress:X2} does not acknowledge.");
        }
    }
}
