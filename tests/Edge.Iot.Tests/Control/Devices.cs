using System.Text.RegularExpressions;
using Edge.Things;
using Edge.Things.Control;

namespace Edge.Iot.Tests.Control;

/// <summary>The node trees the control tests run against (fresh per test: parameters hold state).</summary>
internal static class Devices
{
    public static readonly DateTimeOffset Epoch = new(2013, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A plain device: one node with a parameter of each of the ten types (named as in XEP-0325 §3.2),
    /// ranges on the ordered ones, and a read-only one.</summary>
    public static ThingNode Device() => new(new ThingReference("device"), "actuator", parameters:
    [
        ControlParameter.Boolean("Output", false, label: "Output", description: "Digital output."),
        ControlParameter.Color("Color", new ColorRgba(0, 0, 0)),
        ControlParameter.Date("TariffStartDate", new DateOnly(2013, 1, 1), new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31)),
        ControlParameter.DateTime("Alarm At", Epoch, Epoch, Epoch.AddYears(50)),
        ControlParameter.Double("4-20mA", 4, 4, 20, "mA"),
        ControlParameter.Duration("Alarm Duration", TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.FromHours(1)),
        ControlParameter.Int("Counter", 0, -100_000, 100_000),
        ControlParameter.Long("Energy", 0),
        ControlParameter.String("Row1", string.Empty, maxLength: 32),
        ControlParameter.Time("Alarm Time", new TimeOnly(7, 0), new TimeOnly(6, 0), new TimeOnly(22, 0)),
        ControlParameter.Boolean("Locked", true, readOnly: true),
        ControlParameter.String("Code", "AB-12", pattern: new Regex("^[A-Z]{2}-[0-9]{2}$", RegexOptions.None, TimeSpan.FromSeconds(1))),
    ]);

    /// <summary>A concentrator (XEP-0326) with two relays, two dimmers and an analog output behind it.</summary>
    public static ThingNode Concentrator() => new(new ThingReference("concentrator"), "concentrator",
    [
        Relay("relay-1"),
        Relay("relay-2"),
        Dimmer("dimmer", 0, 100),
        Dimmer("dimmer-2", 10, 90),
        new ThingNode(new ThingReference("analog-1"), "analog", parameters: [ControlParameter.Double("Output", 4, 0, 20)]),
    ]);

    private static ThingNode Relay(string id) =>
        new(new ThingReference(id), "relay", parameters:
            [ControlParameter.Boolean("Output", false, description: "If the digital output is high (checked) or low (unchecked).")]);

    private static ThingNode Dimmer(string id, int min, int max) =>
        new(new ThingReference(id), "dimmer", displayName: id == "dimmer" ? "Dimmer" : null, parameters:
        [
            ControlParameter.Int("FadeTimeMilliseconds", 300, 0, 4095, "Fade Time (ms):",
                "Time in milliseconds used to fade the light to the desired level."),
            ControlParameter.Int("OutputPercent", 100, min, max, "Output (%):", "Dimmer output, in percent."),
            ControlParameter.Boolean("MainSwitch", true, "Main switch", "If the dimmer is turned on or off."),
        ]);

    /// <summary>The parameter <paramref name="name"/> of node <paramref name="nodeId"/> in <paramref name="roots"/>.</summary>
    public static ControlParameter<T> Parameter<T>(IReadOnlyList<ThingNode> roots, string nodeId, string name)
        where T : notnull =>
        (ControlParameter<T>)roots.SelectMany(r => r.DescendantsAndSelf()).Single(n => n.Reference.NodeId == nodeId)
            .FindParameter(name)!;
}
