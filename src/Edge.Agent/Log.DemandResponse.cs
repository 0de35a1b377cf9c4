using Edge.Agent.DemandResponse;
using Microsoft.Extensions.Logging;

namespace Edge.Agent;

/// <summary>The demand-response engine's and program's log messages (event ids 2100–2149).</summary>
internal static partial class Log
{
    [LoggerMessage(2100, LogLevel.Information, "Demand-response event '{EventId}' in force: shedding non-essential loads of priority up to {Depth}")]
    public static partial void DemandResponseEventStarted(ILogger logger, string eventId, int depth);

    [LoggerMessage(2101, LogLevel.Information, "Demand-response event '{EventId}' ended; {Count} shed loads to restore")]
    public static partial void DemandResponseEventEnded(ILogger logger, string eventId, int count);

    [LoggerMessage(2102, LogLevel.Information, "Demand response shed {Node} (priority {Priority}, reason {Reason}, event depth {Depth})")]
    public static partial void DemandResponseShed(ILogger logger, string node, int priority, ShedReason reason, int depth);

    [LoggerMessage(2103, LogLevel.Information, "Demand response restores {Node} at {At:O}")]
    public static partial void DemandResponseRestoreScheduled(ILogger logger, string node, DateTimeOffset at);

    [LoggerMessage(2104, LogLevel.Information, "Demand response restored {Node}")]
    public static partial void DemandResponseRestored(ILogger logger, string node);

    [LoggerMessage(2105, LogLevel.Warning, "Demand response could not switch {Node} {On}: {Reason}; retrying in {RetryAfter}")]
    public static partial void DemandResponseSwitchRefused(ILogger logger, string node, bool on, string reason, TimeSpan? retryAfter);

    [LoggerMessage(2106, LogLevel.Warning, "Demand-response state for {Node} in {File} ignored: the profile has no such managed load (it stays as it is)")]
    public static partial void DemandResponseStateDropped(ILogger logger, string node, string file);

    [LoggerMessage(2107, LogLevel.Error, "Demand-response state {File} unreadable ({Error}); starting with no loads shed")]
    public static partial void DemandResponseStateUnreadable(ILogger logger, string file, string error);

    [LoggerMessage(2108, LogLevel.Error, "Demand-response state {File} not saved ({Error}); in force now, saved with the next change")]
    public static partial void DemandResponseStateUnsaved(ILogger logger, string file, string error);

    [LoggerMessage(2109, LogLevel.Error, "Demand-response pass failed; retrying in {Delay}")]
    public static partial void DemandResponsePassFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(2110, LogLevel.Information, "Demand-response program event '{EventId}' modification {Modification}: {Change} ({Start:O} to {End:O}, depth up to {Depth})")]
    public static partial void DemandResponseProgramEvent(ILogger logger, string eventId, long modification, GridEventChange change,
        DateTimeOffset start, DateTimeOffset end, int depth);

    [LoggerMessage(2111, LogLevel.Information, "Quiet hours {Active}: non-essential loads held off while true")]
    public static partial void DemandResponseQuietHours(ILogger logger, bool active);

    [LoggerMessage(2112, LogLevel.Information, "Energy budget used up: {Used}; {UsedWh:F0} Wh of {BudgetWh} Wh imported today")]
    public static partial void DemandResponseBudget(ILogger logger, bool used, double usedWh, long budgetWh);

    [LoggerMessage(2113, LogLevel.Information, "Import limit: {Watts:F0} W above {Limit:F0} W; shedding {Node}")]
    public static partial void DemandResponseImportLimitShed(ILogger logger, string node, double watts, double limit);

    [LoggerMessage(2114, LogLevel.Information, "Import limit: {Watts:F0} W has room below {Limit:F0} W; restoring {Node}")]
    public static partial void DemandResponseImportLimitRestore(ILogger logger, string node, double watts, double limit);

    [LoggerMessage(2115, LogLevel.Warning, "Import limit: {Watts:F0} W above {Limit:F0} W and no non-essential load left to shed")]
    public static partial void DemandResponseImportLimitExhausted(ILogger logger, double watts, double limit);

    [LoggerMessage(2116, LogLevel.Information, "Import limit off: {Count} loads it held are restored")]
    public static partial void DemandResponseImportLimitOff(ILogger logger, int count);

    [LoggerMessage(2117, LogLevel.Warning, "Grid meter {Node} has no field '{Field}' (profile gridMeter); {What} does nothing until it has")]
    public static partial void DemandResponseMeterFieldMissing(ILogger logger, string node, string field, string what);

    [LoggerMessage(2118, LogLevel.Warning, "Grid meter {Node} read failed: {Error}")]
    public static partial void DemandResponseMeterFailed(ILogger logger, string node, string error);

    [LoggerMessage(2120, LogLevel.Warning, "Demand-response program node {Node}: item {ItemId} is no OpenADR 2.0b event payload Edge can act on ({Error}); ignored, nothing changed")]
    public static partial void DemandResponseProgramMalformed(ILogger logger, string node, string itemId, string error);

    [LoggerMessage(2121, LogLevel.Debug, "Demand-response program event '{EventId}' in item {ItemId} is addressed to other targets; ignored")]
    public static partial void DemandResponseProgramNotAddressed(ILogger logger, string eventId, string itemId);

    [LoggerMessage(2122, LogLevel.Information, "Demand-response program: subscribed to {Node} on {Service}; {Count} items read to catch up")]
    public static partial void DemandResponseProgramSubscribed(ILogger logger, string node, string service, int count);

    [LoggerMessage(2123, LogLevel.Warning, "Demand-response program: subscribing to {Node} on {Service} failed ({Error}); trying again in 30 s")]
    public static partial void DemandResponseProgramSubscribeFailed(ILogger logger, string node, string service, string error);

    [LoggerMessage(2124, LogLevel.Warning, "Demand-response program node {Node}: item {ItemId} dropped, too many waiting; the next session's catch-up reads it again")]
    public static partial void DemandResponseProgramBusy(ILogger logger, string node, string itemId);
}
