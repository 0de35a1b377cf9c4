using Edge.Hardware.Profiles;
using Edge.Hardware.Serial;

namespace Edge.Hardware.Tests.Profiles;

[TestClass]
public sealed class HardwareProfileTests
{
    internal static string ProfilesDirectory
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Edge.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return Path.Combine(dir ?? throw new InvalidOperationException("Edge.sln not found."), "hardware", "profiles");
        }
    }

    [TestMethod]
    public void Load_SimProfile_HasEveryDriverKind()
    {
        HardwareProfile profile = HardwareProfile.Load(Path.Combine(ProfilesDirectory, "sim.json"));

        Assert.IsTrue(profile.Simulated);
        string[] kinds = ["bme280", "ina219", "ads1115", "ds18b20", "dht22", "s0", "digitalInput", "modbus", "firmwareBridge"];
        CollectionAssert.IsSubsetOf(kinds, profile.Sensors.Select(s => s.Kind).Distinct().ToArray());
        Assert.AreEqual(2, profile.Relays.Count);
    }

    [TestMethod]
    public void Load_SimProfile_BothRelaysHaveDemandResponseRoles()
    {
        HardwareProfile profile = HardwareProfile.Load(Path.Combine(ProfilesDirectory, "sim.json"));

        DemandResponseRole ev = profile.Relays.Single(r => r.Id == "ev-charger-enable").DemandResponse!;
        DemandResponseRole heater = profile.Relays.Single(r => r.Id == "heater").DemandResponse!;
        Assert.AreEqual(0, ev.ShedPriority);
        Assert.IsFalse(ev.Essential);
        Assert.AreEqual(3, heater.ShedPriority);
        Assert.IsTrue(heater.Cyclable);
        Assert.AreEqual(2000, heater.NominalWatts);
    }

    [TestMethod]
    public void Parse_RelayWithoutDemandResponse_IsNotManaged()
    {
        HardwareProfile profile = HardwareProfile.Parse("""
            { "name": "x", "relays": [ { "id": "a", "pin": 5 },
              { "id": "b", "pin": 6, "demandResponse": { "shedPriority": 4, "essential": true, "nominalWatts": 150.5, "cyclable": true } } ] }
            """, "x.json", ProfilesDirectory);

        Assert.IsNull(profile.Relays[0].DemandResponse);
        Assert.AreEqual(new DemandResponseRole(4, true, 150.5, true), profile.Relays[1].DemandResponse);
    }

    [TestMethod]
    public void Load_Rpi4Example_IsValidAndNotSimulated()
    {
        HardwareProfile profile = HardwareProfile.Load(Path.Combine(ProfilesDirectory, "rpi4-example.json"));

        Assert.IsFalse(profile.Simulated);
        Assert.AreEqual(1, profile.I2cBus);
    }

    [TestMethod]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "a", "kind": "bme280", "address": "0x99" } ] }""", "sensors[0].address")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "a", "kind": "thermo" } ] }""", "sensors[0].kind")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "a", "kind": "s0", "pin": 17, "impulsesPerKWh": 1000 } ] }""", "sensors[0].impulsesPerKWh")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "a", "kind": "s0", "pin": 17 } ], "relays": [ { "id": "r", "pin": 17 } ] }""", "relays[0].pin")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "a", "kind": "modbus", "bus": "nope", "unit": 1, "meter": "sdm120" } ] }""", "sensors[0].bus")]
    [DataRow("""{ "name": "x", "serialBuses": [ { "id": "b", "port": "/dev/x" } ], "sensors": [ { "id": "a", "kind": "modbus", "bus": "b", "unit": 1, "meter": "sdm999" } ] }""", "sensors[0].meter")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "a", "kind": "ds18b20", "device": "10-abc" } ] }""", "sensors[0].device")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "a", "kind": "dht22", "pin": 4 }, { "id": "a", "kind": "dht22", "pin": 5 } ] }""", "sensors[1].id")]
    [DataRow("""{ "name": "x", "relays": [ { "id": "r", "pin": 5, "minOnSeconds": -1 } ] }""", "relays[0].minOnSeconds")]
    [DataRow("""{ "name": "x", "relays": [ { "id": "r", "pin": 5, "demandResponse": { "shedPriority": 10 } } ] }""", "relays[0].demandResponse.shedPriority")]
    [DataRow("""{ "name": "x", "relays": [ { "id": "r", "pin": 5, "demandResponse": { "essential": true } } ] }""", "relays[0].demandResponse.shedPriority")]
    [DataRow("""{ "name": "x", "relays": [ { "id": "r", "pin": 5, "demandResponse": { "shedPriority": 1, "nominalWatts": -5 } } ] }""", "relays[0].demandResponse.nominalWatts")]
    [DataRow("""{ "name": "x", "relays": [ { "id": "r", "pin": 5, "demandResponse": { "shedPriority": 1, "cyclable": "yes" } } ] }""", "relays[0].demandResponse.cyclable")]
    [DataRow("""{ "name": "x", "relays": [ { "id": "r", "pin": 5, "demandResponse": { "shedPriority": 1, "priority": 2 } } ] }""", "relays[0].demandResponse.priority")]
    [DataRow("""{ "name": "x", "relays": [ { "id": "r", "pin": 5, "demandResponse": 3 } ] }""", "relays[0].demandResponse")]
    [DataRow("""{ "name": "x", "gpioChip": 0 }""", "gpioChip")]
    [DataRow("""{ "name": "x", "gridMeter": { "sensor": "nope", "importPowerField": "P" } }""", "gridMeter.sensor")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "m", "kind": "ds18b20", "device": "28-1" } ], "gridMeter": { "sensor": "m" } }""", "gridMeter.importPowerField")]
    [DataRow("""{ "name": "x", "sensors": [ { "id": "m", "kind": "ds18b20", "device": "28-1" } ], "gridMeter": { "sensor": "m", "importPowerField": "P", "exportPowerField": "E" } }""", "gridMeter.exportPowerField")]
    [DataRow("""{ "sensors": [] }""", "name")]
    [DataRow("""{ "name": "x", "serialBuses": [ { "id": "b", "port": "/dev/x", "baud": 250000 } ] }""", "serialBuses[0].baud")]
    [DataRow("""{ "name": "x", "serialBuses": [ { "id": "b", "port": "/dev/x", "stopBits": "OnePointFive" } ] }""", "serialBuses[0].stopBits")]
    [DataRow("""{ "name": "x", "serialBuses": [ { "id": "b", "port": "/dev/x", "parity": "Sometimes" } ] }""", "serialBuses[0].parity")]
    public void Parse_BadProfile_ErrorNamesTheKey(string json, string key)
    {
        ProfileException e = Assert.ThrowsExactly<ProfileException>(
            () => HardwareProfile.Parse(json, "bad.json", ProfilesDirectory));

        Assert.AreEqual(key, e.Key, e.Message);
        StringAssert.StartsWith(e.Message, $"bad.json: {key}: ");
    }

    [TestMethod]
    [DataRow("None", "One", Parity.None, StopBits.One)]
    [DataRow("even", "one", Parity.Even, StopBits.One)]
    [DataRow("Odd", "Two", Parity.Odd, StopBits.Two)]
    [DataRow("2", "2", Parity.Even, StopBits.Two)]
    [DataRow("Mark", "One", Parity.Mark, StopBits.One)]
    [DataRow("SPACE", "TWO", Parity.Space, StopBits.Two)]
    public void Parse_SerialBusLineSettings_ReadAsProfilesAlwaysWroteThem(string parity, string stopBits, Parity expectedParity,
        StopBits expectedStopBits)
    {
        HardwareProfile profile = HardwareProfile.Parse($$"""
            { "name": "x", "serialBuses": [ { "id": "b", "port": "/dev/x", "baud": 19200, "parity": "{{parity}}", "stopBits": "{{stopBits}}" } ] }
            """, "x.json", ProfilesDirectory);

        Assert.AreEqual(new SerialBusSpec("b", "/dev/x", 19200, expectedParity, expectedStopBits, TimeSpan.FromSeconds(1), 2),
            profile.SerialBuses[0]);
    }

    [TestMethod]
    public void Parse_StopBitsOnePointFive_SaysWhatLinuxTakes()
    {
        ProfileException e = Assert.ThrowsExactly<ProfileException>(() => HardwareProfile.Parse(
            """{ "name": "x", "serialBuses": [ { "id": "b", "port": "/dev/x", "stopBits": "OnePointFive" } ] }""", "bad.json", ProfilesDirectory));

        Assert.AreEqual("bad.json: serialBuses[0].stopBits: stop bits 'OnePointFive' cannot be set on a Linux serial port; use One or Two", e.Message);
    }

    [TestMethod]
    public void Parse_UnknownParity_ListsTheNamesAsBefore()
    {
        ProfileException e = Assert.ThrowsExactly<ProfileException>(() => HardwareProfile.Parse(
            """{ "name": "x", "serialBuses": [ { "id": "b", "port": "/dev/x", "parity": "Sometimes" } ] }""", "bad.json", ProfilesDirectory));

        Assert.AreEqual("bad.json: serialBuses[0].parity: 'Sometimes' is not one of None, Odd, Even, Mark, Space", e.Message);
    }

    [TestMethod]
    public void Parse_NotJson_NamesDocument()
    {
        ProfileException e = Assert.ThrowsExactly<ProfileException>(
            () => HardwareProfile.Parse("{ nope", "bad.json", ProfilesDirectory));

        Assert.AreEqual("(document)", e.Key);
    }
}
