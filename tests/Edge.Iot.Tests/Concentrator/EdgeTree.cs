using Edge.Things;
using Edge.Things.Control;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// The node tree of a realistic Edge agent, as the concentrator tests browse it:
/// <code>
/// edge (concentrator)
///  ├─ meter-1 (sdm630)            Properties Model/Unit/Bus
///  ├─ mcu (firmware-bridge)       Properties Port/Firmware
///  │   ├─ mcu-adc0 (channel)
///  │   └─ mcu-gpio3 (channel)
///  └─ relay-1 (relay)             control parameter Output (boolean)
/// </code>
/// All in the default data source (MeteringTopology).
/// </summary>
internal static class EdgeTree
{
    public static ThingNode Build(out ControlParameter<bool> relayOutput)
    {
        relayOutput = ControlParameter.Boolean("Output", false, label: "Relay output");
        var meter = new ThingNode(new ThingReference("meter-1"), "sdm630", displayName: "Main meter",
            properties: Properties(("Model", "SDM630"), ("Unit", "1"), ("Bus", "/dev/ttyUSB0")));
        var mcu = new ThingNode(new ThingReference("mcu"), "firmware-bridge",
            [
                new ThingNode(new ThingReference("mcu-adc0"), "channel", displayName: "ADC 0"),
                new ThingNode(new ThingReference("mcu-gpio3"), "channel", displayName: "GPIO 3"),
            ],
            displayName: "Bridge MCU", properties: Properties(("Port", "/dev/ttyACM0"), ("Firmware", "1.4.2")));
        var relay = new ThingNode(new ThingReference("relay-1"), "relay", parameters: [relayOutput], displayName: "Heater relay");
        return new ThingNode(new ThingReference("edge"), "concentrator", [meter, mcu, relay], displayName: "Edge agent");
    }

    public static ThingNode Build() => Build(out _);

    private static Dictionary<string, string> Properties(params (string Key, string Value)[] entries)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            properties.Add(key, value);
        }

        return properties;
    }
}
