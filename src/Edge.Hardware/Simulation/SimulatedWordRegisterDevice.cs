using System.Device.I2c;

namespace Edge.Hardware.Simulation;

/// <summary>
/// A simulated I2C device with 16-bit big-endian registers behind a pointer byte (the INA219 / ADS1115 style): a
/// write of one byte sets the pointer, a write of three bytes also writes the register; a read returns the pointed
/// register, MSB first.
/// </summary>
public class SimulatedWordRegisterDevice : SimulatedI2cDevice
{
    private readonly Lock _lock = new();
    private byte _pointer;

    public SimulatedWordRegisterDevice(I2cConnectionSettings settings)
        : base(settings)
    {
    }

    /// <summary>The register file, directly accessible for seeding and inspection.</summary>
    public ushort[] Registers { get; } = new ushort[256];

    public override void Read(Span<byte> buffer)
    {
        lock (_lock)
        {
            ThrowIfDisconnected();
            ushort value = OnReading(_pointer);
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = i % 2 == 0 ? (byte)(value >> 8) : (byte)value;
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
            if (buffer.Length >= 3)
            {
                var value = (ushort)((buffer[1] << 8) | buffer[2]);
                Registers[_pointer] = value;
                OnWritten(_pointer, value);
            }
        }
    }

    /// <summary>Returns the value a read of the register at <paramref name="pointer"/> sees (under the device lock).</summary>
    protected virtual ushort OnReading(byte pointer) => Registers[pointer];

    /// <summary>Called (under the device lock) after a register was written.</summary>
    protected virtual void OnWritten(byte pointer, ushort value)
    {
    }
}
