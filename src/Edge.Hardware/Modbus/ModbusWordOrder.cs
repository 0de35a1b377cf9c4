namespace Edge.Hardware.Modbus;

/// <summary>
/// Which register of a 32-bit value comes first. Bytes inside a register are always big-endian (Modbus Application
/// Protocol §4.2); the word order is the device's choice.
/// </summary>
public enum ModbusWordOrder
{
    /// <summary>The high word at the lower address ("ABCD"; Eastron SDM120/SDM630).</summary>
    HighFirst,

    /// <summary>The low word at the lower address ("CDAB").</summary>
    LowFirst,
}
