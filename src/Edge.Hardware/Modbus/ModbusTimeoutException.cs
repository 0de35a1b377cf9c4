namespace Edge.Hardware.Modbus;

/// <summary>No complete answer within the response timeout, after every retry (no slave at that unit id, wiring).</summary>
public sealed class ModbusTimeoutException : TimeoutException
{
    public ModbusTimeoutException()
    {
    }

    public ModbusTimeoutException(string message)
        : base(message)
    {
    }

    public ModbusTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
