using Edge.Hardware.I2c.Ads1115;
using Edge.Hardware.Simulation;

namespace Edge.Hardware.Tests.I2c;

[TestClass]
public sealed class Ads1115Tests
{
    [TestMethod]
    public void ConfigFor_Channel2Gain2048Sps128_MatchesDatasheetBits()
    {
        using var device = new SimulatedAds1115();
        using var adc = new Ads1115(device, Ads1115Gain.FullScale2048mV, Ads1115DataRate.Sps128, shouldDispose: false);

        // OS=1, MUX=110 (AIN2/GND), PGA=010, MODE=1, DR=100, COMP_QUE=11: 1110 0101 1000 0011.
        Assert.AreEqual(0xE583, adc.ConfigFor(2));
    }

    [TestMethod]
    [DataRow(Ads1115Gain.FullScale6144mV, 187.5e-6)]
    [DataRow(Ads1115Gain.FullScale4096mV, 125e-6)]
    [DataRow(Ads1115Gain.FullScale2048mV, 62.5e-6)]
    [DataRow(Ads1115Gain.FullScale256mV, 7.8125e-6)]
    public void ToVolts_OneCode_IsTable3Lsb(Ads1115Gain gain, double lsb)
    {
        using var adc = new Ads1115(new SimulatedAds1115(), gain);

        Assert.AreEqual(lsb, adc.ToVolts(1), 1e-12);
    }

    [TestMethod]
    public void TryReadVoltage_FourChannels_ReadsEachInput()
    {
        using var device = new SimulatedAds1115();
        using var adc = new Ads1115(device, Ads1115Gain.FullScale4096mV, shouldDispose: false);
        double[] inputs = [0.5, 1.25, 2.048, 3.3];
        for (int i = 0; i < 4; i++)
        {
            device.SetInput(i, inputs[i]);
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.IsTrue(adc.TryReadVoltage(i, out double v));
            Assert.AreEqual(inputs[i], v, 125e-6 / 2);
        }

        Assert.AreEqual(4, device.Conversions);
    }

    [TestMethod]
    public void TryReadVoltage_AboveFullScale_ClampsAt7FFF()
    {
        using var device = new SimulatedAds1115();
        using var adc = new Ads1115(device, Ads1115Gain.FullScale1024mV, shouldDispose: false);
        device.SetInput(0, 3.3);

        Assert.IsTrue(adc.TryReadVoltage(0, out double v));

        Assert.AreEqual(32767 * 1.024 / 32768, v, 1e-12);
    }

    [TestMethod]
    public void TryReadVoltage_BadChannel_Throws()
    {
        using var adc = new Ads1115(new SimulatedAds1115());

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => adc.TryReadVoltage(4, out _));
    }
}
