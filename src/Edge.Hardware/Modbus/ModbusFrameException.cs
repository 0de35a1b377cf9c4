namespace Edge.Hardware.Modbus;

/// <summary>An answer arrived but was corrupt (CRC mismatch) or did not fit the request, after every retry.</summary>
public sealed class ModbusFrameException : IOException
{
    public ModbusFrameException()
    {
    }

    public ModbusFrameException(string message)
        : base(message)
    {
    }

    public ModbusFrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
