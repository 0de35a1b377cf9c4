using System.Device.I2c;
using Edge.Hardware.I2c.Ads1115;

namespace Edge.Hardware.Simulation;

/// <summary>
/// A simulated ADS1115: four input voltages (set directly or by a time signal); a config write with OS = 1 converts
/// the selected single-ended input at the selected gain into the conversion register at once (so OS reads 1 again),
/// clamping at the full-scale codes 0x7FFF / 0x8000 as the chip does (SBAS444 §9.3.3).
/// </summary>
public sealed class SimulatedAds1115 : SimulatedWordRegisterDevice
{
    private readonly TimeProvider _timeProvider;
    private readonly double[] _inputs = new double[4];

    public SimulatedAds1115(byte address = Ads1115.DefaultI2cAddress, TimeProvider? timeProvider = null)
        : base(new I2cConnectionSettings(1, address))
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        Registers[(int)Ads1115Register.Config] = 0x8583; // reset value
    }

    /// <summary>When set, the input voltage of a channel at a given time.</summary>
    public Func<int, DateTimeOffset, double>? Signal { get; set; }

    /// <summary>How many conversions were started.</summary>
    public int Conversions { get; private set; }

    public void SetInput(int channel, double volts) => _inputs[channel] = volts;

    protected override void OnWritten(byte pointer, ushort value)
    {
        if (pointer != (byte)Ads1115Register.Config || (value & 0x8000) == 0)
        {
            return;
        }

        Conversions++;
        int mux = (value >> 12) & 0b111;
        var gain = (Ads1115Gain)Math.Min((value >> 9) & 0b111, 0b101);
        double volts = mux >= 0b100
            ? Signal?.Invoke(mux - 0b100, _timeProvider.GetUtcNow()) ?? _inputs[mux - 0b100]
            : 0; // differential inputs are not simulated
        double code = Math.Round(volts / Ads1115.FullScale(gain) * 32768.0);
        Registers[(int)Ads1115Register.Conversion] = (ushort)(short)Math.Clamp(code, short.MinValue, short.MaxValue);
        Registers[(int)Ads1115Register.Config] = value; // OS reads back 1: done
    }
}
