namespace Edge.Hardware.Modbus;

/// <summary>The function codes this master speaks (Modbus Application Protocol v1.1b3 §6).</summary>
public enum ModbusFunctionCode : byte
{
    ReadHoldingRegisters = 0x03,
    ReadInputRegisters = 0x04,
    WriteSingleRegister = 0x06,
    WriteMultipleRegisters = 0x10,
}
