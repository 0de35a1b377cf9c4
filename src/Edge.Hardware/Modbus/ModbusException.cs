namespace Edge.Hardware.Modbus;

/// <summary>The slave answered with an exception response: it understood the request and said no.</summary>
public sealed class ModbusException : Exception
{
    public ModbusException()
    {
    }

    public ModbusException(string message)
        : base(message)
    {
    }

    public ModbusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModbusException(byte unitId, ModbusFunctionCode function, ModbusExceptionCode code)
        : base($"Modbus unit {unitId} refused function 0x{(byte)function:X2}: {code} (0x{(byte)code:X2}).")
    {
        UnitId = unitId;
        Function = function;
        Code = code;
    }

    public byte UnitId { get; }

    public ModbusFunctionCode Function { get; }

    public ModbusExceptionCode Code { get; }
}
