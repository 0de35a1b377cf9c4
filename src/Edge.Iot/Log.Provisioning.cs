using Microsoft.Extensions.Logging;

namespace Edge.Iot;

// XEP-0324 provisioning, the service's side and the device's: event ids 4200-4239. Tokens are never logged.
internal static partial class Log
{
    [LoggerMessage(4200, LogLevel.Information, "{Question} from {Thing} about {Requester}: {Answer}")]
    public static partial void Decided(ILogger logger, string question, string thing, string requester, string answer);

    [LoggerMessage(4201, LogLevel.Warning, "Provisioning request <{Element}/> from {From} refused: {Reason}")]
    public static partial void ProvisioningRequestRefused(ILogger logger, string element, string from, string reason);

    [LoggerMessage(4202, LogLevel.Information, "clearCache acknowledged by {Thing}")]
    public static partial void ClearCacheSent(ILogger logger, string thing);

    [LoggerMessage(4203, LogLevel.Information, "clearCache to {Thing} not acknowledged ({Reason}); sent again when it is next seen")]
    public static partial void ClearCacheOwed(ILogger logger, string thing, string reason);

    [LoggerMessage(4204, LogLevel.Information, "Rule {Action} by {Owner}: {Rule}")]
    public static partial void RuleChanged(ILogger logger, string action, string owner, string rule);
}
