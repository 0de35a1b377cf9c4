using Microsoft.Extensions.Logging;

namespace Edge.Iot;

/// <summary>Edge.Iot's log messages; this part: XEP-0323 sensor data, event ids 100-199.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Debug, "Readout {SeqNr} from {Requester} accepted: {Nodes} node(s), queued until {When}")]
    public static partial void ReadoutAccepted(ILogger logger, int seqNr, string requester, int nodes, DateTimeOffset? when);

    [LoggerMessage(101, LogLevel.Information, "Readout request from {Requester} refused with {Condition}: {Reason}")]
    public static partial void ReadoutRefused(ILogger logger, string requester, string condition, string? reason);

    [LoggerMessage(102, LogLevel.Debug, "Queued readout {SeqNr} from {Requester} started")]
    public static partial void ReadoutStarted(ILogger logger, int seqNr, string requester);

    [LoggerMessage(103, LogLevel.Debug, "Readout {SeqNr} from {Requester} done: {Nodes} node(s), {Failures} failure(s)")]
    public static partial void ReadoutDone(ILogger logger, int seqNr, string requester, int nodes, int failures);

    [LoggerMessage(104, LogLevel.Information, "Readout {SeqNr} from {Requester} cancelled by the requester")]
    public static partial void ReadoutCancelled(ILogger logger, int seqNr, string requester);

    [LoggerMessage(105, LogLevel.Warning, "Reading node {Node} failed: {Error}")]
    public static partial void NodeReadFailed(ILogger logger, string node, string error);

    [LoggerMessage(106, LogLevel.Warning, "Reading node {Node} timed out after {Timeout}")]
    public static partial void NodeReadTimedOut(ILogger logger, string node, TimeSpan timeout);

    [LoggerMessage(107, LogLevel.Error, "The thing provider threw reading node {Node}")]
    public static partial void ProviderThrew(ILogger logger, string node, Exception exception);

    [LoggerMessage(108, LogLevel.Warning, "Readout {SeqNr} from {Requester} dropped: {Reason}")]
    public static partial void ReadoutDropped(ILogger logger, int seqNr, string requester, string reason, Exception? exception);

    [LoggerMessage(110, LogLevel.Debug, "Ignored a sensor-data <{Element}/> from {From} with seqnr {SeqNr}: no readout of ours waits for it")]
    public static partial void UnmatchedSensorData(ILogger logger, string element, string? from, int seqNr);

    [LoggerMessage(111, LogLevel.Warning, "A sensor-data <{Element}/> from {From} could not be read: {Error}")]
    public static partial void UnreadableSensorData(ILogger logger, string element, string? from, string error);
}
