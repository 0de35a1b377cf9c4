using Edge.Agent.Doctor;
using Edge.Hardware.Profiles;

namespace Edge.Agent.Tests.Doctor;

[TestClass]
public sealed class DeviceChecksTests
{
    private string _directory = null!;

    [TestInitialize]
    public void Create() => _directory = Directory.CreateTempSubdirectory("edge-doctor-dev-").FullName;

    [TestCleanup]
    public void Remove() => Directory.Delete(_directory, recursive: true);

    private HardwareProfile Profile(string mcuPort, string busPort) => HardwareProfile.Parse($$"""
        { "name": "cabinet-7", "simulated": false, "i2cBus": 3, "w1DevicesPath": "{{_directory}}/w1",
          "serialBuses": [ { "id": "rs485", "port": "{{busPort}}" } ],
          "sensors": [
            { "id": "climate", "kind": "bme280", "address": "0x76" },
            { "id": "dc", "kind": "ina219", "address": "0x40", "shuntOhms": 0.1, "maxCurrent": 3.2 },
            { "id": "door", "kind": "digitalInput", "pin": 27 },
            { "id": "mcu", "kind": "firmwareBridge", "port": "{{mcuPort}}", "baud": 115200 }
          ],
          "relays": [ { "id": "heater", "pin": 22 } ] }
        """, "cabinet-7.json", _directory);

    [TestMethod]
    public void Needs_EachDeviceFileOnceWithEveryNodeThatUsesIt()
    {
        var needs = DeviceChecks.Needs(Profile("/dev/ttyAMA0", "/dev/ttyUSB0"));

        CollectionAssert.AreEqual(new[] { "/dev/i2c-3", DeviceChecks.GpioChip, "/dev/ttyAMA0" }, needs.Select(n => n.Path).ToArray(),
            "the serial bus no sensor uses is not opened");
        CollectionAssert.AreEqual(new[] { "climate", "dc" }, needs[0].Users.ToArray());
        CollectionAssert.AreEqual(new[] { "door", "heater" }, needs[1].Users.ToArray());
        Assert.AreEqual("i2c", needs[0].Group);
        Assert.AreEqual("dialout", needs[2].Group);
    }

    [TestMethod]
    public void Check_MissingPortFailsNamingTheNodeAndTheFix_PresentOneIsOk()
    {
        var present = Path.Combine(_directory, "ttyFAKE0");
        File.WriteAllText(present, string.Empty);
        var missing = Path.Combine(_directory, "ttyGONE0");

        var withPresent = DeviceChecks.Check(Profile(present, "/dev/null")).Single(f => f.Detail.Contains("mcu", StringComparison.Ordinal));
        var withMissing = DeviceChecks.Check(Profile(missing, "/dev/null")).Single(f => f.Detail.Contains("mcu", StringComparison.Ordinal));

        Assert.AreEqual(DoctorStatus.Ok, withPresent.Status);
        Assert.AreEqual(DoctorStatus.Failed, withMissing.Status);
        Assert.AreEqual($"{missing} (for mcu) does not exist", withMissing.Detail);
        StringAssert.Contains(withMissing.Fix, "enable_uart=1");
    }

    [TestMethod]
    public void Check_SimulatedProfile_NoDeviceFiles()
    {
        var profile = HardwareProfile.Parse("""{ "name": "sim", "simulated": true, "sensors": [], "relays": [] }""", "sim.json", _directory);

        var finding = DeviceChecks.Check(profile).Single();

        Assert.AreEqual(DoctorStatus.Ok, finding.Status);
        StringAssert.Contains(finding.Detail, "simulated profile 'sim'");
    }
}
