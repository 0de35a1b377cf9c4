namespace Edge.Hardware.Modbus;

/// <summary>How a meter value is laid out in registers.</summary>
public enum ModbusValueType
{
    /// <summary>IEEE 754 single in two registers (the Eastron SDM family).</summary>
    Float32,
    Int16,
    UInt16,
    Int32,
    UInt32,
}
