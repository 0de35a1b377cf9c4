using Edge.Hardware.Gpio;
using Edge.Hardware.Profiles;

namespace Edge.Agent.DemandResponse;

/// <summary>A relay the demand-response engine manages, with its role from the hardware profile.</summary>
public sealed record ManagedLoad(Relay Relay, DemandResponseRole Role)
{
    public string NodeId => Relay.Node.NodeId;

    /// <summary>The relays of <paramref name="hardware"/> whose profile entry carries a demand-response role.</summary>
    public static IReadOnlyList<ManagedLoad> From(HardwareSet hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var loads = new List<ManagedLoad>();
        foreach (RelaySpec spec in hardware.Profile.Relays)
        {
            if (spec.DemandResponse is { } role && hardware.FindRelay(spec.Id) is { } relay)
            {
                loads.Add(new ManagedLoad(relay, role));
            }
        }

        return loads;
    }
}
