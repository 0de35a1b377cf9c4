using Microsoft.Extensions.Logging;

namespace Edge.Agent;

/// <summary>Thing registration (Provisioning/ThingRegistration.cs), ids 2070–2089: never the KEY except inside the claim URI, printed for the owner.</summary>
internal static partial class Log
{
    [LoggerMessage(2070, LogLevel.Information, "Provisioning: looking for a thing registry on {Domain} (disco#items, then disco#info of each item)")]
    public static partial void ProvisioningSearchingRegistry(ILogger logger, string domain);

    [LoggerMessage(2071, LogLevel.Warning, "Provisioning: no thing registry (urn:xmpp:iot:discovery) found on {Domain}; set Agent:Provisioning:Registry. Trying again in {Delay}")]
    public static partial void ProvisioningNoRegistry(ILogger logger, string domain, TimeSpan delay);

    [LoggerMessage(2072, LogLevel.Information, "Provisioning: registering in {Registry} with {Tags} and a new KEY")]
    public static partial void ProvisioningRegisteringNewKey(ILogger logger, string registry, string tags);

    [LoggerMessage(2073, LogLevel.Information, "Provisioning: registering again in {Registry} with {Tags} and the KEY kept in {File}")]
    public static partial void ProvisioningRegisteringAgain(ILogger logger, string registry, string tags, string file);

    [LoggerMessage(2074, LogLevel.Information, "Provisioning: registered in {Registry}; waiting for the owner's claim. Claim string: {ClaimUri} (QR code: {QrFile}, or `edge qr`)")]
    public static partial void ProvisioningRegistered(ILogger logger, string registry, string claimUri, string qrFile);

    [LoggerMessage(2075, LogLevel.Information, "Provisioning: claimed by {Owner} ({Visibility})")]
    public static partial void ProvisioningClaimed(ILogger logger, string owner, string visibility);

    [LoggerMessage(2076, LogLevel.Information, "Provisioning: claimed by {Owner}; not registering again")]
    public static partial void ProvisioningAlreadyOwned(ILogger logger, string owner);

    [LoggerMessage(2077, LogLevel.Information, "Provisioning: removed from {Registry} by its owner {Owner}; no longer registering")]
    public static partial void ProvisioningRemoved(ILogger logger, string registry, string owner);

    [LoggerMessage(2078, LogLevel.Warning, "Provisioning: disowned by {Owner}; registering again with a new KEY")]
    public static partial void ProvisioningDisowned(ILogger logger, string owner);

    [LoggerMessage(2079, LogLevel.Warning, "Provisioning: registration in {Registry} failed ({Reason}); trying again in {Delay}")]
    public static partial void ProvisioningRetry(ILogger logger, string registry, string reason, TimeSpan delay);

    [LoggerMessage(2080, LogLevel.Warning, "Provisioning: {File} {Reason}; starting over with a new KEY")]
    public static partial void ProvisioningFileUnusable(ILogger logger, string file, string reason);

    [LoggerMessage(2081, LogLevel.Information, "Provisioning: thing registry found: {Registry}")]
    public static partial void ProvisioningRegistryFound(ILogger logger, string registry);

    [LoggerMessage(2082, LogLevel.Warning, "Provisioning: the claim QR code could not be written to {File}: {Reason}")]
    public static partial void ProvisioningQrFailed(ILogger logger, string file, string reason);
}

/// <summary>Thing registration's friendships and updates (ThingRegistration.Friends.cs, .Update.cs), ids 2083–2099.</summary>
internal static partial class Log
{
    [LoggerMessage(2083, LogLevel.Information, "Provisioning: friendship with {Contact} accepted ({Who})")]
    public static partial void ProvisioningFriendAccepted(ILogger logger, string contact, string who);

    [LoggerMessage(2084, LogLevel.Information, "Provisioning: the thing registry {Registry} is an account, not a component: asking for its friendship first")]
    public static partial void ProvisioningBefriendingRegistry(ILogger logger, string registry);

    [LoggerMessage(2085, LogLevel.Warning, "Provisioning: the thing registry {Registry} did not approve our subscription or is not online (no presence) within {Timeout}; trying its bare JID")]
    public static partial void ProvisioningRegistryNoApproval(ILogger logger, string registry, TimeSpan timeout);

    [LoggerMessage(2086, LogLevel.Information, "Provisioning: unfriended {Contact} ({Outcome})")]
    public static partial void ProvisioningUnfriended(ILogger logger, string contact, string outcome);

    [LoggerMessage(2087, LogLevel.Information, "Provisioning: updated the registration in {Registry}: {Changes}")]
    public static partial void ProvisioningUpdated(ILogger logger, string registry, string changes);

    [LoggerMessage(2088, LogLevel.Warning, "Provisioning: {Registry} refused the update: {Reason}")]
    public static partial void ProvisioningUpdateRefused(ILogger logger, string registry, string reason);
}
