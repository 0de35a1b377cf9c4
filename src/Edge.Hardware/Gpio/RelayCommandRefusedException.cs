namespace Edge.Hardware.Gpio;

/// <summary>Thrown by <see cref="Relay.Switch"/> when a safety rule refuses the command.</summary>
public sealed class RelayCommandRefusedException : InvalidOperationException
{
    public RelayCommandRefusedException()
    {
    }

    public RelayCommandRefusedException(string message)
        : base(message)
    {
    }

    public RelayCommandRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RelayCommandRefusedException(RelaySwitchResult result)
        : base(result.Message)
    {
        Result = result;
    }

    public RelaySwitchResult Result { get; }
}
