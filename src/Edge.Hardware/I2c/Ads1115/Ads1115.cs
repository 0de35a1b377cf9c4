using System.Device.I2c;

namespace Edge.Hardware.I2c.Ads1115;

/// <summary>
/// TI ADS1115 16-bit ADC, four single-ended inputs (AINx against GND), in single-shot mode (SBAS444 §9.4.2.1):
/// write the config with OS = 1, wait until OS reads back 1 (conversion done), read the conversion register, a
/// two's-complement code whose LSB is FSR / 2¹⁵ (§9.3.3, table 3).
/// </summary>
public sealed class Ads1115 : IDisposable
{
    /// <summary>ADDR to GND.</summary>
    public const byte DefaultI2cAddress = 0x48;

    private static readonly int[] Rates = [8, 16, 32, 64, 128, 250, 475, 860];
    private readonly I2cDevice _device;
    private readonly bool _shouldDispose;

    public Ads1115(I2cDevice device, Ads1115Gain gain = Ads1115Gain.FullScale4096mV,
        Ads1115DataRate dataRate = Ads1115DataRate.Sps128, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!Enum.IsDefined(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "Unknown gain.");
        }

        if (!Enum.IsDefined(dataRate))
        {
            throw new ArgumentOutOfRangeException(nameof(dataRate), dataRate, "Unknown data rate.");
        }

        _device = device;
        _shouldDispose = shouldDispose;
        Gain = gain;
        DataRate = dataRate;
    }

    public Ads1115Gain Gain { get; }

    public Ads1115DataRate DataRate { get; }

    /// <summary>The full-scale range in volts for <see cref="Gain"/> (table 3).</summary>
    public double FullScaleVolts => FullScale(Gain);

    /// <summary>One conversion's duration at <see cref="DataRate"/>.</summary>
    public TimeSpan ConversionTime => TimeSpan.FromSeconds(1.0 / Rates[(int)DataRate]);

    public static double FullScale(Ads1115Gain gain) => gain switch
    {
        Ads1115Gain.FullScale6144mV => 6.144,
        Ads1115Gain.FullScale4096mV => 4.096,
        Ads1115Gain.FullScale2048mV => 2.048,
        Ads1115Gain.FullScale1024mV => 1.024,
        Ads1115Gain.FullScale512mV => 0.512,
        _ => 0.256,
    };

    /// <summary>The config word that starts one single-ended conversion of <paramref name="channel"/>.</summary>
    public ushort ConfigFor(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 3);

        // OS=1 | MUX=1xx (AINx vs GND) | PGA | MODE=1 single-shot | DR | comparator disabled (COMP_QUE=11).
        return (ushort)((1 << 15) | ((0b100 | channel) << 12) | ((int)Gain << 9) | (1 << 8) | ((int)DataRate << 5) | 0b11);
    }

    /// <summary>Converts a raw conversion code to volts at <see cref="Gain"/>.</summary>
    public double ToVolts(short code) => code * FullScaleVolts / 32768.0;

    /// <summary>Runs one single-shot conversion of AIN<paramref name="channel"/> against GND.</summary>
    public bool TryReadVoltage(int channel, out double volts)
    {
        WriteRegister(Ads1115Register.Config, ConfigFor(channel));
        long deadline = Environment.TickCount64 + (long)Math.Ceiling((ConversionTime.TotalMilliseconds * 2) + 5);
        while ((ReadRegister(Ads1115Register.Config) & 0x8000) == 0)
        {
            if (Environment.TickCount64 > deadline)
            {
                volts = 0;
                return false;
            }

            Thread.Sleep(1);
        }

        volts = ToVolts((short)ReadRegister(Ads1115Register.Conversion));
        return true;
    }

    public void Dispose()
    {
        if (_shouldDispose)
        {
            _device.Dispose();
        }
    }

    private ushort ReadRegister(Ads1115Register register)
    {
        Span<byte> b = stackalloc byte[2];
        _device.WriteRead([(byte)register], b);
        return (ushort)((b[0] << 8) | b[1]);
    }

    private void WriteRegister(Ads1115Register register, ushort value) =>
        _device.Write([(byte)register, (byte)(value >> 8), (byte)value]);
}
