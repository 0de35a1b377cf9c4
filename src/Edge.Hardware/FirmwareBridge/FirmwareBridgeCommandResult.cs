namespace Edge.Hardware.FirmwareBridge;

/// <summary>The MCU's answer to a command: acknowledged, or refused with a reason (a "no" is data, not an exception).</summary>
public readonly record struct FirmwareBridgeCommandResult(bool Acknowledged, FirmwareBridgeNakReason Reason)
{
    public static FirmwareBridgeCommandResult Ack => new(true, FirmwareBridgeNakReason.None);

    public static FirmwareBridgeCommandResult Nak(FirmwareBridgeNakReason reason) => new(false, reason);
}
