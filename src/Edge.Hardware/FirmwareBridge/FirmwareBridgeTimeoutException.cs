namespace Edge.Hardware.FirmwareBridge;

/// <summary>The MCU did not answer in time (handshake, or a command after all its retries).</summary>
public sealed class FirmwareBridgeTimeoutException : FirmwareBridgeException
{
    public FirmwareBridgeTimeoutException()
    {
    }

    public FirmwareBridgeTimeoutException(string message)
        : base(message)
    {
    }

    public FirmwareBridgeTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
