using System.Device.I2c;

namespace Edge.Hardware.I2c.Ina219;

/// <summary>
/// TI INA219 current / power monitor (datasheet SBOS448). The calibration follows §8.5.1: Current_LSB = maximum
/// expected current / 2¹⁵ (rounded up to a round number), Cal = trunc(0.04096 / (Current_LSB × R_shunt))
/// (equation 1), Power_LSB = 20 × Current_LSB (equation 3). Shunt voltage LSB is 10 µV (§8.6.3.1), bus voltage
/// LSB 4 mV in bits 15..3 (§8.6.3.2).
/// </summary>
public sealed class Ina219 : IDisposable
{
    public const byte DefaultI2cAddress = 0x40;

    /// <summary>Shunt voltage LSB (§8.6.3.1).</summary>
    public const double ShuntVoltageLsb = 10e-6;

    /// <summary>Bus voltage LSB (§8.6.3.2).</summary>
    public const double BusVoltageLsb = 4e-3;

    private readonly I2cDevice _device;
    private readonly bool _shouldDispose;

    /// <param name="device">The bus device.</param>
    /// <param name="shuntOhms">The shunt resistor (0.1 Ω on the common breakout boards).</param>
    /// <param name="maxExpectedAmperes">The largest current to measure; sets the current resolution.</param>
    /// <param name="shouldDispose">Whether disposing this disposes <paramref name="device"/>.</param>
    public Ina219(I2cDevice device, double shuntOhms = 0.1, double maxExpectedAmperes = 3.2, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shuntOhms);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExpectedAmperes);
        _device = device;
        _shouldDispose = shouldDispose;
        CurrentLsb = RoundUp(maxExpectedAmperes / 32768.0);
        CalibrationValue = (ushort)Math.Min(0xFFFE, Math.Truncate(0.04096 / (CurrentLsb * shuntOhms)));
        PowerLsb = 20 * CurrentLsb;

        // 32 V range, PGA /8 (±320 mV), 12-bit ADCs, shunt and bus continuous: the reset value 0x399F (§8.6.2.1).
        WriteRegister(Ina219Register.Configuration, 0x399F);
        WriteRegister(Ina219Register.Calibration, CalibrationValue);
    }

    /// <summary>Amperes per bit of the current register.</summary>
    public double CurrentLsb { get; }

    /// <summary>Watts per bit of the power register.</summary>
    public double PowerLsb { get; }

    /// <summary>The value written to the calibration register (bit 0 is always 0 on the chip).</summary>
    public ushort CalibrationValue { get; }

    public bool TryRead(out Ina219Reading reading)
    {
        ushort bus = ReadRegister(Ina219Register.BusVoltage);

        // OVF (bit 0): the power or current calculation overflowed; the values are meaningless (§8.6.3.2).
        if ((bus & 0x1) != 0)
        {
            reading = default;
            return false;
        }

        var shunt = (short)ReadRegister(Ina219Register.ShuntVoltage);
        var current = (short)ReadRegister(Ina219Register.Current);
        ushort power = ReadRegister(Ina219Register.Power);
        reading = new Ina219Reading((bus >> 3) * BusVoltageLsb, shunt * ShuntVoltageLsb, current * CurrentLsb,
            power * PowerLsb);
        return true;
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _device.Dispose();
        }
    }

    private static double RoundUp(double lsb)
    {
        // Round the LSB up to 1, 2 or 5 × 10ⁿ so that the register values are easy to read (§8.5.1 suggests a round number).
        double decade = Math.Pow(10, Math.Floor(Math.Log10(lsb)));
        foreach (double step in (ReadOnlySpan<double>)[1, 2, 5, 10])
        {
            if (step * decade >= lsb * (1 - 1e-12))
            {
                return step * decade;
            }
        }

        return 10 * decade;
    }

    private ushort ReadRegister(Ina219Register register)
    {
        Span<byte> b = stackalloc byte[2];
        _device.WriteRead([(byte)register], b);
        return (ushort)((b[0] << 8) | b[1]);
    }

    private void WriteRegister(Ina219Register register, ushort value) =>
        _device.Write([(byte)register, (byte)(value >> 8), (byte)value]);
}
