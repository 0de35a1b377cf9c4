using Edge.Hardware.Serial;

namespace Edge.Hardware.Profiles;

/// <summary>A serial bus of a hardware profile (an RS-485 line for Modbus meters).</summary>
public sealed record SerialBusSpec(string Id, string Port, int BaudRate, Parity Parity, StopBits StopBits,
    TimeSpan ResponseTimeout, int Retries);
