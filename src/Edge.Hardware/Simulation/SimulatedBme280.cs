using System.Device.I2c;
using Edge.Hardware.I2c.Bme280;

namespace Edge.Hardware.Simulation;

/// <summary>
/// A simulated BME280 register file. By default it holds the trimming parameters and raw readings of the
/// datasheet's worked example (BMP280 datasheet BST-BMP280-DS001 §3.12, whose T and P formulas the BME280 shares;
/// 25.08 °C, 100653.27 Pa) and typical humidity trimming values. Set <see cref="Environment"/> to make it follow a
/// physical signal: each burst read then converts the signal back to raw ADC values through the compensation.
/// </summary>
public sealed class SimulatedBme280 : SimulatedByteRegisterDevice
{
    /// <summary>dig_T*/dig_P* of the worked example; dig_H* from a production part (no worked example exists).</summary>
    public static readonly Bme280Calibration DatasheetCalibration = new(
        27504, 26435, -1000,
        36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000,
        75, 362, 0, 324, 50, 30);

    /// <summary>The worked example's raw temperature.</summary>
    public const int DatasheetAdcT = 519888;

    /// <summary>The worked example's raw pressure.</summary>
    public const int DatasheetAdcP = 415148;

    private readonly TimeProvider _timeProvider;

    public SimulatedBme280(byte address = Bme280.DefaultI2cAddress, Bme280Calibration? calibration = null,
        TimeProvider? timeProvider = null)
        : base(new I2cConnectionSettings(1, address))
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        Calibration = calibration ?? DatasheetCalibration;
        Registers[(int)Bme280Register.ChipId] = Bme280.ChipId;
        Calibration.Write(Registers.AsSpan((int)Bme280Register.Calibration00, 26),
            Registers.AsSpan((int)Bme280Register.Calibration26, 7));
        SetRaw(DatasheetAdcT, DatasheetAdcP, 0x6000);
    }

    public Bme280Calibration Calibration { get; }

    /// <summary>When set, the physical values (°C, Pa, %RH) the sensor sees at a given time.</summary>
    public Func<DateTimeOffset, Bme280Reading>? Environment { get; set; }

    /// <summary>Sets the raw ADC values of the data registers.</summary>
    public void SetRaw(int adcT, int adcP, int adcH)
    {
        Span<byte> r = Registers.AsSpan((int)Bme280Register.PressureMsb, 8);
        r[0] = (byte)(adcP >> 12);
        r[1] = (byte)(adcP >> 4);
        r[2] = (byte)((adcP & 0x0F) << 4);
        r[3] = (byte)(adcT >> 12);
        r[4] = (byte)(adcT >> 4);
        r[5] = (byte)((adcT & 0x0F) << 4);
        r[6] = (byte)(adcH >> 8);
        r[7] = (byte)adcH;
    }

    /// <summary>Sets the data registers to the raw values that compensate to the given physical values.</summary>
    public void SetPhysical(double temperatureCelsius, double pressurePascals, double humidityPercent)
    {
        int adcT = Search(0, 0xFFFFF, a => Bme280Compensation.CompensateTemperature(Calibration, a, out _) / 100.0,
            temperatureCelsius, increasing: true);
        _ = Bme280Compensation.CompensateTemperature(Calibration, adcT, out int tFine);
        int adcP = Search(0, 0xFFFFF, a => Bme280Compensation.CompensatePressure(Calibration, a, tFine) / 256.0,
            pressurePascals, increasing: false);
        int adcH = Search(0, 0xFFFF, a => Bme280Compensation.CompensateHumidity(Calibration, a, tFine) / 1024.0,
            humidityPercent, increasing: true);
        SetRaw(adcT, adcP, adcH);
    }

    protected override void OnReading(byte start, int count)
    {
        if (Environment is not null && start <= (byte)Bme280Register.HumidityMsb + 1 && start + count > (byte)Bme280Register.PressureMsb)
        {
            Bme280Reading r = Environment(_timeProvider.GetUtcNow());
            SetPhysical(r.TemperatureCelsius, r.PressurePascals, r.HumidityPercent);
        }
    }

    private static int Search(int low, int high, Func<int, double> f, double target, bool increasing)
    {
        while (low < high)
        {
            int mid = low + ((high - low) / 2);
            double v = f(mid);
            if (increasing ? v < target : v > target)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
