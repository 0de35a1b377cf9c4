using Edge.Hardware.Gpio;

namespace Edge.Hardware.Profiles;

/// <summary>
/// One relay of a hardware profile: node id, GPIO pin (BCM numbering), its safety rules, and its demand-response
/// role (null: not managed by demand response).
/// </summary>
public sealed record RelaySpec(string Id, int Pin, RelayOptions Options, DemandResponseRole? DemandResponse = null);
