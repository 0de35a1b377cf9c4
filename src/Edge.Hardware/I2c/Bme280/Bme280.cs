using System.Device.I2c;

namespace Edge.Hardware.I2c.Bme280;

/// <summary>
/// Bosch BME280 temperature / pressure / humidity sensor on I2C (datasheet BST-BME280-DS002). The driver reads the
/// trimming parameters once, runs the sensor in normal mode (×1 oversampling, filter off, 1000 ms standby: the
/// datasheet's "weather monitoring" settings, §3.5.1) and compensates with the fixed-point formulas of §4.2.3.
/// </summary>
public sealed class Bme280 : IDisposable
{
    /// <summary>SDO to GND.</summary>
    public const byte DefaultI2cAddress = 0x76;

    /// <summary>SDO to VDDIO.</summary>
    public const byte SecondaryI2cAddress = 0x77;

    /// <summary>The value of the chip-id register (§5.4.1).</summary>
    public const byte ChipId = 0x60;

    private readonly I2cDevice _device;
    private readonly bool _shouldDispose;

    public Bme280(I2cDevice device, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _shouldDispose = shouldDispose;
        byte id = ReadByte(Bme280Register.ChipId);
        if (id != ChipId)
        {
            throw new IOException($"No BME280 at 0x{device.ConnectionSettings.DeviceAddress:X2}: chip id 0x{id:X2}, expected 0x60.");
        }

        Span<byte> block88 = stackalloc byte[26];
        Span<byte> blockE1 = stackalloc byte[7];
        Read(Bme280Register.Calibration00, block88);
        Read(Bme280Register.Calibration26, blockE1);
        Calibration = Bme280Calibration.Parse(block88, blockE1);

        // ctrl_hum only takes effect after a write to ctrl_meas (§5.4.3).
        WriteByte(Bme280Register.ControlHumidity, 0b001);
        WriteByte(Bme280Register.Config, 0b101_000_00);
        WriteByte(Bme280Register.ControlMeasurement, 0b001_001_11);
    }

    public Bme280Calibration Calibration { get; }

    /// <summary>Reads all three quantities in one burst (0xF7..0xFE, §4: a burst read keeps them consistent).</summary>
    public bool TryRead(out Bme280Reading reading)
    {
        Span<byte> data = stackalloc byte[8];
        Read(Bme280Register.PressureMsb, data);
        int adcP = (data[0] << 12) | (data[1] << 4) | (data[2] >> 4);
        int adcT = (data[3] << 12) | (data[4] << 4) | (data[5] >> 4);
        int adcH = (data[6] << 8) | data[7];

        // 0x80000 / 0x8000 are the reset values: no measurement has been made (or that channel is skipped).
        if (adcT == 0x80000 || adcP == 0x80000 || adcH == 0x8000)
        {
            reading = default;
            return false;
        }

        int t = Bme280Compensation.CompensateTemperature(Calibration, adcT, out int tFine);
        uint p = Bme280Compensation.CompensatePressure(Calibration, adcP, tFine);
        uint h = Bme280Compensation.CompensateHumidity(Calibration, adcH, tFine);
        reading = new Bme280Reading(t / 100.0, p / 256.0, h / 1024.0);
        return p != 0;
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _device.Dispose();
        }
    }

    private byte ReadByte(Bme280Register register)
    {
        Span<byte> b = stackalloc byte[1];
        Read(register, b);
        return b[0];
    }

    private void Read(Bme280Register register, Span<byte> buffer) =>
        _device.WriteRead([(byte)register], buffer);

    private void WriteByte(Bme280Register register, byte value) => _device.Write([(byte)register, value]);
}
