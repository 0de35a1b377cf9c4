using Edge.Hardware.OneWire;
using Edge.Hardware.Simulation;
using Edge.Things;

namespace Edge.Hardware.Tests.OneWire;

[TestClass]
public sealed class Ds18b20Tests
{
    private const string KernelSample = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TryParse_KernelSample_Gives23125()
    {
        Assert.IsTrue(Ds18b20.TryParse(KernelSample, out double celsius, out string? error));

        Assert.AreEqual(23.125, celsius);
        Assert.IsNull(error);
    }

    [TestMethod]
    public void TryParse_CrcNo_IsRefused()
    {
        Assert.IsFalse(Ds18b20.TryParse(KernelSample.Replace("YES", "NO", StringComparison.Ordinal), out _,
            out string? error));

        StringAssert.Contains(error, "CRC check failed");
    }

    [TestMethod]
    public void TryParse_PowerOnReset85_IsRefused()
    {
        const string text = "50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n";

        Assert.IsFalse(Ds18b20.TryParse(text, out _, out string? error));
        StringAssert.Contains(error, "power-on reset");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("garbage\n")]
    [DataRow("72 01 : crc=57 YES\n72 01 t=\n")]
    public void TryParse_Malformed_IsRefused(string text)
    {
        Assert.IsFalse(Ds18b20.TryParse(text, out _, out _));
    }

    [TestMethod]
    [DataRow("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=-10125\n")]
    [DataRow("\n  72 01 : crc=57   YES  \r\n\n 72 01 t=23125 \n")]
    [DataRow("72 01 : crc=57 YES\n72 01 t=21500")]
    [DataRow("72 01 : crc=57 NO\n72 01 t=21500\n")]
    [DataRow("72 01 : crc=57\n72 01 t=21500\n")]
    [DataRow("72 01 : crc=57 YESS\n72 01 t=21500\n")]
    [DataRow("72 01 : crc=\n72 01 t=21500\n")]
    [DataRow("72 01 : crc=57 YES\n72 01 t=x\n")]
    [DataRow("72 01 : crc=57 YES\n")]
    public void TryParse_SpanAndString_SameAnswerAsTheSplitParse(string text)
    {
        // The parse of the lines as Split('\n') with trimmed, non-empty entries gave it (the reference), on the string and on the span.
        bool expected = Reference(text, out double expectedCelsius);

        Assert.AreEqual(expected, Ds18b20.TryParse(text, out double celsius, out string? error), error);
        Assert.AreEqual(expectedCelsius, celsius);
        Assert.AreEqual(expected, Ds18b20.TryParse(text.AsSpan(), out celsius, out string? spanError));
        Assert.AreEqual(error, spanError);

        static bool Reference(string text, out double celsius)
        {
            celsius = 0;
            string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length < 2 || lines[0].IndexOf("crc=", StringComparison.Ordinal) is var crc && crc < 0
                || (lines[0][(crc + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, string v, ..] ? v : "") != "YES"
                || lines[1].IndexOf("t=", StringComparison.Ordinal) is var t && t < 0
                || !int.TryParse(lines[1].AsSpan(t + 2), System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out int milli))
            {
                return false;
            }

            celsius = milli / 1000.0;
            return true;
        }
    }

    [TestMethod]
    public void TryReadTemperature_MissingFile_ErrorNamesThePath()
    {
        using var tree = new SimulatedW1Tree();
        var sensor = new Ds18b20("28-0000000000ff", tree.Root);

        Assert.IsFalse(sensor.TryReadTemperature(out _, out string? error));
        StringAssert.StartsWith(error, "cannot read " + sensor.SlavePath + ": ");
    }

    [TestMethod]
    public void Crc8_KernelSampleScratchpad_Is57()
    {
        Assert.AreEqual(0x57, SimulatedW1Tree.Crc8([0x72, 0x01, 0x4b, 0x46, 0x7f, 0xff, 0x0e, 0x10]));
    }

    [TestMethod]
    public void SimulatedTree_ByDefault_InMemoryWhereLinuxHasIt_AndRemovedOnDispose()
    {
        string root;
        using (var tree = new SimulatedW1Tree())
        {
            root = tree.Root;
            tree.SetTemperature("28-000000000003", 19.5);
            Assert.IsTrue(new Ds18b20("28-000000000003", tree.Root).TryReadTemperature(out double c, out _));
            Assert.AreEqual(19.5, c);
        }

        string expected = OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Assert.AreEqual(Path.TrimEndingDirectorySeparator(expected), Path.GetDirectoryName(root));
        Assert.IsFalse(Directory.Exists(root), "the tree's folder is removed on dispose");
    }

    [TestMethod]
    public void TryReadTemperature_SimulatedTree_ReadsNegativeValues()
    {
        using var tree = new SimulatedW1Tree();
        tree.SetTemperature("28-000000000001", -10.125);
        tree.SetTemperature("28-000000000002", 21.5);

        string[] expected = ["28-000000000001", "28-000000000002"];
        CollectionAssert.AreEqual(expected, Ds18b20.Discover(tree.Root).ToArray());
        Assert.IsTrue(new Ds18b20("28-000000000001", tree.Root).TryReadTemperature(out double c, out _));
        Assert.AreEqual(-10.125, c);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadAsync_CrcErrorThenGone_FieldsMissing()
    {
        using var tree = new SimulatedW1Tree();
        tree.SetCrcError("28-00000000000a", 20);
        await using var sensor = new Ds18b20Sensor(new ThingReference("probe"), new Ds18b20("28-00000000000a", tree.Root));

        IReadOnlyList<Field> crc = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, TestContext.CancellationTokenSource.Token);
        StringAssert.Contains(sensor.LastFailure, "CRC");
        tree.Remove("28-00000000000a");
        IReadOnlyList<Field> gone = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(FieldQoS.Missing | FieldQoS.Error, crc.Single().QoS);
        Assert.AreEqual(FieldQoS.Missing | FieldQoS.Error, gone.Single().QoS);
        StringAssert.Contains(sensor.LastFailure, "cannot read");
    }

    [TestMethod]
    public void SimulatedTree_SameStepAgain_FileNotRewrittenUntilTheValueChanges()
    {
        using var tree = new SimulatedW1Tree();
        tree.SetTemperature("28-000000000003", 21.5);
        string file = Path.Combine(tree.Root, "28-000000000003", "w1_slave");
        File.WriteAllText(file, "marker\n"); // stands in for "the file as last written"

        tree.SetTemperature("28-000000000003", 21.52); // the same 1/16 °C step: nothing to write
        Assert.AreEqual("marker\n", File.ReadAllText(file));

        tree.SetTemperature("28-000000000003", 21.75); // another step
        Assert.IsTrue(new Ds18b20("28-000000000003", tree.Root).TryReadTemperature(out double c, out _));
        Assert.AreEqual(21.75, c);
    }
}
