using Microsoft.Extensions.Logging;

namespace Edge.Agent;

// XEP-0324 delegated decisions, the device's side: event ids 2200-2239. Tokens are never logged.
internal static partial class Log
{
    [LoggerMessage(2200, LogLevel.Warning, "Provisioning: the decision cache {File} {Reason}; starting with an empty cache")]
    public static partial void DecisionCacheUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(2201, LogLevel.Warning, "Provisioning: the decision cache {File} could not be written ({Reason}); decisions stay in memory")]
    public static partial void DecisionCacheUnwritable(ILogger logger, string file, string reason);

    [LoggerMessage(2202, LogLevel.Information, "Provisioning: access decisions delegated to the provisioning service {Service}")]
    public static partial void ProvisioningServiceFound(ILogger logger, string service);

    [LoggerMessage(2203, LogLevel.Information, "Provisioning: no provisioning service (urn:xmpp:iot:provisioning) found; Agent:Access decides")]
    public static partial void ProvisioningServiceMissing(ILogger logger);

    [LoggerMessage(2204, LogLevel.Information, "Provisioning: {Service} asked {Question} about {Requester}: {Answer}")]
    public static partial void DelegatedDecision(ILogger logger, string service, string question, string requester, string answer);

    [LoggerMessage(2205, LogLevel.Warning, "Provisioning: {Service} did not answer {Question} about {Requester} ({Reason}); refused")]
    public static partial void DelegatedDecisionFailed(ILogger logger, string service, string question, string requester, string reason);

    [LoggerMessage(2206, LogLevel.Information, "Provisioning: clearCache from {Service}; {Count} decision(s) forgotten")]
    public static partial void DecisionCacheCleared(ILogger logger, string service, int count);

    [LoggerMessage(2207, LogLevel.Warning, "Provisioning: {Element} from {From} ignored: only the provisioning service {Service} may send it")]
    public static partial void ProvisioningSenderIgnored(ILogger logger, string element, string from, string service);

    [LoggerMessage(2208, LogLevel.Information, "Provisioning: friendship request from {Requester} {Answer}")]
    public static partial void FriendshipAnswered(ILogger logger, string requester, string answer);

    [LoggerMessage(2209, LogLevel.Information, "Provisioning: {Service} recommends to {Action} {Jid}")]
    public static partial void FriendRecommendation(ILogger logger, string service, string action, string jid);
}
