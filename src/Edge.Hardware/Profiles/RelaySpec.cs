using Edge.Hardware.Gpio;

namespace Edge.Hardware.Profiles;

/// <summary>One relay of a hardware profile: node id, GPIO pin (BCM numbering) and its safety rules.</summary>
public sealed record RelaySpec(string Id, int Pin, RelayOptions Options);
