using System.Globalization;
using Edge.Hardware.FirmwareBridge.Protocol;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>
/// The input timeline of an edge-vmcu scenario file (the <c>at</c> lines), so a test can tell what every sample
/// must have been at the tick the MCU stamped it with: an event at t applies to samples taken at t or later.
/// </summary>
internal sealed class VmcuScenario
{
    private readonly List<(uint At, string Kind, int Channel, int Value)> _events = [];

    public VmcuScenario(string path)
    {
        foreach (string line in File.ReadLines(path))
        {
            string[] t = line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (t.Length >= 4 && t[0] == "at")
            {
                _events.Add((uint.Parse(t[1], CultureInfo.InvariantCulture), t[2], int.Parse(t[3], CultureInfo.InvariantCulture),
                    t.Length > 4 ? int.Parse(t[4], CultureInfo.InvariantCulture) : 0));
            }
        }
    }

    /// <summary>What an analog channel read at <paramref name="tick"/>.</summary>
    public (BridgeSampleStatus Status, int Raw) Analog(int channel, uint tick)
    {
        (BridgeSampleStatus, int) value = (BridgeSampleStatus.Ok, 0);
        foreach (var e in _events.Where(e => e.Channel == channel && e.At <= tick))
        {
            value = e.Kind == "adcfault" ? (BridgeSampleStatus.Fault, 0) : (BridgeSampleStatus.Ok, e.Value);
        }

        return value;
    }

    /// <summary>The pulse count of a counter channel at <paramref name="tick"/>.</summary>
    public int Count(int channel, uint tick) =>
        _events.Where(e => e.Channel == channel && e.Kind == "pulses" && e.At <= tick).Sum(e => e.Value);
}
