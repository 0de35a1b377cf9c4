namespace Edge.Hardware.Simulation;

/// <summary>The register tables of one simulated Modbus slave.</summary>
public sealed class SimulatedModbusUnit(int inputRegisters = 0x200, int holdingRegisters = 0x100)
{
    public ushort[] InputRegisters { get; } = new ushort[inputRegisters];

    public ushort[] HoldingRegisters { get; } = new ushort[holdingRegisters];

    /// <summary>Called before each answer, with the current time: update drifting values here.</summary>
    public Action<SimulatedModbusUnit, DateTimeOffset>? Update { get; set; }
}
