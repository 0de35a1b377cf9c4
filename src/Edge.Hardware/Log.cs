using Microsoft.Extensions.Logging;

namespace Edge.Hardware;

/// <summary>The assembly's log messages (event ids 4000–4999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Sensor {Node} failed to read: {Reason}")]
    public static partial void SensorFailed(ILogger logger, string node, string reason, Exception? exception);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Sensor {Node} reads again")]
    public static partial void SensorRecovered(ILogger logger, string node);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Relay {Relay} switched, on = {On}")]
    public static partial void RelaySwitched(ILogger logger, string relay, bool on);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Relay {Relay}: command on = {On} refused: {Reason}")]
    public static partial void RelayRefused(ILogger logger, string relay, bool on, string reason);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Relay {Relay} put in its fail-safe state, on = {On}")]
    public static partial void RelayFailSafe(ILogger logger, string relay, bool on);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Pulse counter restored {Pulses} pulses from {Path}")]
    public static partial void PulseCountRestored(ILogger logger, long pulses, string path);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Pulse counter could not persist its count to {Path}")]
    public static partial void PulseCountPersistFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "Pulse counter state {Path} is unreadable; starting from 0")]
    public static partial void PulseCountUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Debug, Message = "Modbus unit {Unit}: attempt {Attempt} failed: {Reason}")]
    public static partial void ModbusAttemptFailed(ILogger logger, byte unit, int attempt, string reason);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "Serial port {Port} failed: {Reason}")]
    public static partial void SerialPortFailed(ILogger logger, string port, string reason);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Serial port {Port} is open again")]
    public static partial void SerialPortReopened(ILogger logger, string port);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Hardware profile {Profile} opened: {Sensors} sensors, {Relays} relays, simulated = {Simulated}")]
    public static partial void ProfileOpened(ILogger logger, string profile, int sensors, int relays, bool simulated);
}
