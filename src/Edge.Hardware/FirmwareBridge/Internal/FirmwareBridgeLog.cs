using Edge.Hardware.FirmwareBridge.Protocol;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.FirmwareBridge.Internal;

/// <summary>
/// Log messages of the firmware-bridge client, event ids 4100–4119 (inside the assembly's 4000–4999 range of
/// <c>Edge.Hardware.Log</c>; kept here so the two can be merged without renumbering).
/// </summary>
internal static partial class FirmwareBridgeLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Firmware bridge {Node}: session with device {DeviceId:X8} ({Model} {Firmware}), protocol {Version}, {Channels} channels")]
    public static partial void SessionEstablished(ILogger logger, string node, uint deviceId, string model, Version firmware,
        int version, int channels);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Firmware bridge {Node}: session lost: {Reason}")]
    public static partial void SessionLost(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Firmware bridge {Node}: sending HELLO {CommandId}")]
    public static partial void SendingHello(ILogger logger, string node, ushort commandId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Firmware bridge {Node}: frame dropped: {Error}")]
    public static partial void FrameDropped(ILogger logger, string node, BridgeFrameError error);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug,
        Message = "Firmware bridge {Node}: {Lost} reading(s) lost before seq {Sequence}")]
    public static partial void ReadingsLost(ILogger logger, string node, int lost, ushort sequence);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug,
        Message = "Firmware bridge {Node}: reading seq {Sequence} dropped, expected {Expected}")]
    public static partial void ReadingOutOfOrder(ILogger logger, string node, ushort sequence, ushort expected);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug,
        Message = "Firmware bridge {Node}: command {CommandId} timed out, attempt {Attempt}")]
    public static partial void CommandTimedOut(ILogger logger, string node, ushort commandId, int attempt);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "Firmware bridge {Node}: MCU announced itself (restart?), handshaking")]
    public static partial void Announced(ILogger logger, string node);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Error, Message = "Firmware bridge {Node}: the stream failed")]
    public static partial void StreamFailed(ILogger logger, string node, Exception exception);
}
