namespace Edge.Hardware.Modbus;

/// <summary>One block of registers to read (function 04 for <see cref="ModbusRegisterBank.Input"/>, 03 for holding).</summary>
public readonly record struct ModbusRead(ModbusRegisterBank Bank, ushort Start, ushort Count);
