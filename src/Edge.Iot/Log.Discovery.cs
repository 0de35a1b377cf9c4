using Microsoft.Extensions.Logging;

namespace Edge.Iot;

// XEP-0347 discovery, the registry's side and the thing's: event ids 400-499. KEY values are never logged.
internal static partial class Log
{
    [LoggerMessage(400, LogLevel.Information, "Registered {Thing} with {Tags} tag(s)")]
    public static partial void ThingRegistered(ILogger logger, string thing, int tags);

    [LoggerMessage(401, LogLevel.Information, "Register from {Thing}: already claimed by {Owner}; nothing changed")]
    public static partial void ThingAlreadyClaimed(ILogger logger, string thing, string owner);

    [LoggerMessage(402, LogLevel.Information, "{Owner} claimed {Thing} ({Visibility})")]
    public static partial void ThingClaimed(ILogger logger, string owner, string thing, string visibility);

    [LoggerMessage(403, LogLevel.Information, "Claim by {Owner} refused: no unclaimed thing with exactly those tags")]
    public static partial void ClaimRefused(ILogger logger, string owner);

    [LoggerMessage(404, LogLevel.Debug, "Update from {From} for {Thing}: {Outcome}")]
    public static partial void ThingUpdated(ILogger logger, string from, string thing, string outcome);

    [LoggerMessage(405, LogLevel.Information, "{Owner} removed {Thing} from the registry")]
    public static partial void ThingRemoved(ILogger logger, string owner, string thing);

    [LoggerMessage(406, LogLevel.Information, "{Thing} unregistered")]
    public static partial void ThingUnregistered(ILogger logger, string thing);

    [LoggerMessage(407, LogLevel.Information, "{Owner} disowned {Thing}; it has a new random KEY until it registers again")]
    public static partial void ThingDisowned(ILogger logger, string owner, string thing);

    [LoggerMessage(408, LogLevel.Information, "Disown of {Thing} by {Owner} refused: the thing did not acknowledge ({Reason})")]
    public static partial void DisownRefused(ILogger logger, string thing, string owner, string reason);

    [LoggerMessage(409, LogLevel.Debug, "Search from {From} with {Operators} operator(s): {Found} thing(s), more {More}")]
    public static partial void ThingsSearched(ILogger logger, string from, int operators, int found, bool more);

    [LoggerMessage(410, LogLevel.Warning, "Telling {Thing} <{Element}/> failed: {Reason}")]
    public static partial void PushFailed(ILogger logger, string thing, string element, string reason);

    [LoggerMessage(411, LogLevel.Information, "Discovery <{Element}/> from {From} refused: {Reason}")]
    public static partial void DiscoveryRequestRefused(ILogger logger, string element, string from, string reason);

    [LoggerMessage(412, LogLevel.Information, "Registry {Registry} told us <{Element}/>")]
    public static partial void RegistryPush(ILogger logger, string registry, string element);

    [LoggerMessage(413, LogLevel.Warning, "Ignored discovery <{Element}/> from {From}: not our registry {Registry}")]
    public static partial void ForeignRegistryPush(ILogger logger, string element, string from, string registry);
}
