using System.Device.I2c;

namespace Edge.Hardware.Simulation;

/// <summary>
/// A simulated I2C device with 8-bit registers and an auto-incrementing register pointer (the BME280 style): a write
/// sets the pointer and writes any following bytes; a read returns bytes from the pointer on.
/// </summary>
public class SimulatedByteRegisterDevice : SimulatedI2cDevice
{
    private readonly Lock _lock = new();
    private byte _pointer;

    public SimulatedByteRegisterDevice(I2cConnectionSettings settings)
        : base(settings)
    {
    }

    /// <summary>The register file, directly accessible for seeding and inspection.</summary>
    public byte[] Registers { get; } = new byte[256];

    public override void Read(Span<byte> buffer)
    {
        lock (_lock)
        {
            ThrowIfDisconnected();
            OnReading(_pointer, buffer.Length);
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = Registers[_pointer++];
            }
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_lock)
        {
            ThrowIfDisconnected();
            if (buffer.IsEmpty)
            {
                return;
            }

            _pointer = buffer[0];
            for (int i = 1; i < buffer.Length; i++)
            {
                byte register = _pointer++;
                Registers[register] = buffer[i];
                OnWritten(register, buffer[i]);
            }
        }
    }

    /// <summary>Called (under the device lock) before <paramref name="count"/> bytes are read from <paramref name="start"/>.</summary>
    protected virtual void OnReading(byte start, int count)
    {
    }

    /// <summary>Called (under the device lock) after a register was written.</summary>
    protected virtual void OnWritten(byte address, byte value)
    {
    }
}
