using System.Device.I2c;
using Edge.Hardware.I2c.Ina219;

namespace Edge.Hardware.Simulation;

/// <summary>
/// A simulated INA219: the test (or the sim profile) sets the shunt and bus voltages; the current and power
/// registers are derived from them and the calibration register exactly as the chip does (SBOS448 §8.5.1,
/// equations 4 and 5: Current = Shunt × Cal / 4096, Power = Current × Bus / 5000).
/// </summary>
public sealed class SimulatedIna219 : SimulatedWordRegisterDevice
{
    private readonly TimeProvider _timeProvider;

    public SimulatedIna219(byte address = Ina219.DefaultI2cAddress, TimeProvider? timeProvider = null)
        : base(new I2cConnectionSettings(1, address))
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        Registers[(int)Ina219Register.Configuration] = 0x399F;
    }

    /// <summary>When set, the (bus volts, shunt volts) the chip sees at a given time.</summary>
    public Func<DateTimeOffset, (double BusVolts, double ShuntVolts)>? Signal { get; set; }

    /// <summary>Sets the measured voltages (rounded to the register LSBs).</summary>
    public void SetVoltages(double busVolts, double shuntVolts)
    {
        Registers[(int)Ina219Register.BusVoltage] = (ushort)(((int)Math.Round(busVolts / Ina219.BusVoltageLsb) << 3) | 0x2);
        Registers[(int)Ina219Register.ShuntVoltage] = (ushort)(short)Math.Round(shuntVolts / Ina219.ShuntVoltageLsb);
    }

    protected override ushort OnReading(byte pointer)
    {
        if (Signal is not null && pointer == (byte)Ina219Register.BusVoltage)
        {
            (double bus, double shunt) = Signal(_timeProvider.GetUtcNow());
            SetVoltages(bus, shunt);
        }

        int cal = Registers[(int)Ina219Register.Calibration] & 0xFFFE;
        var shuntRaw = (short)Registers[(int)Ina219Register.ShuntVoltage];
        int current = shuntRaw * cal / 4096;
        int busRaw = Registers[(int)Ina219Register.BusVoltage] >> 3;
        return pointer switch
        {
            (byte)Ina219Register.Current => (ushort)(short)current,
            (byte)Ina219Register.Power => (ushort)Math.Abs(current * busRaw / 5000),
            _ => Registers[pointer],
        };
    }
}
