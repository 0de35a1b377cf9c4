namespace Edge.Hardware.FirmwareBridge;

/// <summary>The link to the MCU failed: no session, the stream broke, or the client was disposed.</summary>
public class FirmwareBridgeException : Exception
{
    public FirmwareBridgeException()
    {
    }

    public FirmwareBridgeException(string message)
        : base(message)
    {
    }

    public FirmwareBridgeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
