using Microsoft.Extensions.Logging;

namespace Edge.Agent;

/// <summary>Edge.Agent's log messages (event ids 2000-2999).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Warning, "Outbox full ({Max} readings or {MaxBytes} bytes): {Action} until there is room again")]
    public static partial void OutboxFull(ILogger logger, int max, long maxBytes, string action);

    [LoggerMessage(2001, LogLevel.Error, "Outbox reading {Sequence} is unreadable ({Reason}); dropped")]
    public static partial void OutboxUnreadable(ILogger logger, long sequence, string reason);

    [LoggerMessage(2002, LogLevel.Error, "The disk refuses outbox writes in {Directory} ({Reason}): new readings wait in memory (at most {Max}) and are written when it takes writes again")]
    public static partial void OutboxDiskRefused(ILogger logger, string directory, string reason, int max);

    [LoggerMessage(2003, LogLevel.Warning, "The disk takes outbox writes again in {Directory}; {Count} readings moved from memory to the log")]
    public static partial void OutboxDiskBack(ILogger logger, string directory, int count);

    [LoggerMessage(2004, LogLevel.Information, "Outbox has room again; {Dropped} readings were dropped while it was full")]
    public static partial void OutboxRoomAgain(ILogger logger, long dropped);

    [LoggerMessage(2005, LogLevel.Error, "Outbox segment housekeeping in {Path} failed: {Reason}")]
    public static partial void OutboxSegmentFailed(ILogger logger, string path, string reason);

    [LoggerMessage(2006, LogLevel.Information, "Outbox: {Count} readings waiting in {Segments} segments of {Directory}")]
    public static partial void OutboxRecovered(ILogger logger, int count, int segments, string directory);

    [LoggerMessage(2007, LogLevel.Warning, "Outbox segment {Path} ends in {Damage} at byte {Offset} (a commit cut by a power loss); cut off there")]
    public static partial void OutboxTornTail(ILogger logger, string path, long offset, string damage);

    [LoggerMessage(2008, LogLevel.Error, "Outbox segment {Path} is damaged at byte {Offset} ({Damage}); the readings after it in that segment are lost")]
    public static partial void OutboxDamaged(ILogger logger, string path, long offset, string damage);

    [LoggerMessage(2009, LogLevel.Warning, "Outbox entry {Path} of the earlier format could not be migrated: {Reason}")]
    public static partial void OutboxLegacySkipped(ILogger logger, string path, string reason);

    [LoggerMessage(2012, LogLevel.Information, "Outbox of the earlier format migrated: {Count} readings into the log ({Skipped} unreadable) in {Directory}")]
    public static partial void OutboxMigrated(ILogger logger, int count, int skipped, string directory);

    [LoggerMessage(2010, LogLevel.Information, "Sampling {Nodes} nodes (sensors, and relays for their state) every {Interval} from profile '{Profile}'")]
    public static partial void SamplingStarted(ILogger logger, int nodes, TimeSpan interval, string profile);

    [LoggerMessage(2014, LogLevel.Error, "{Count} readings of this sampling cycle could not be queued: {Reason}")]
    public static partial void ReadingsNotQueued(ILogger logger, int count, string reason);

    [LoggerMessage(2011, LogLevel.Warning, "Reading sensor {Node} failed")]
    public static partial void SensorFailed(ILogger logger, string node, Exception exception);

    [LoggerMessage(2015, LogLevel.Information, "{Count} nodes on {Service} set up by an earlier run: publishing to them at once, their publish-options standing in for the set-up")]
    public static partial void KnownNodesReady(ILogger logger, int count, string service);

    [LoggerMessage(2016, LogLevel.Warning, "The list of nodes set up by an earlier run ({File}) cannot be read, so every node is set up again: {Reason}")]
    public static partial void KnownNodesUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(2017, LogLevel.Warning, "The list of nodes set up ({File}) cannot be written, so the next start sets them up again: {Reason}")]
    public static partial void KnownNodesNotSaved(ILogger logger, string file, string reason);

    [LoggerMessage(2020, LogLevel.Information, "Node {Node} ready on {Service}")]
    public static partial void NodeReady(ILogger logger, string node, string service);

    [LoggerMessage(2021, LogLevel.Debug, "Published {Node}/{ItemId}")]
    public static partial void Published(ILogger logger, string node, string itemId);

    [LoggerMessage(2023, LogLevel.Information, "Publishing paused until the connection is back ({Reason}); {Pending} readings kept in the outbox")]
    public static partial void PublishPaused(ILogger logger, string reason, int pending);

    [LoggerMessage(2030, LogLevel.Critical, "Cannot connect and retrying will not help: {Reason}")]
    public static partial void FatalConnection(ILogger logger, string reason);

    [LoggerMessage(2031, LogLevel.Information, "Connected to XMPP as {Jid}")]
    public static partial void XmppUp(ILogger logger, string jid);

    [LoggerMessage(2040, LogLevel.Information, "Setting {Name} = {Value}")]
    public static partial void SettingChanged(ILogger logger, string name, string value);

    [LoggerMessage(2041, LogLevel.Warning, "Setting {Name} in {File} ignored: {Reason}")]
    public static partial void SettingIgnored(ILogger logger, string name, string file, string reason);

    [LoggerMessage(2042, LogLevel.Warning, "Settings file {File} is unreadable ({Reason}); using defaults")]
    public static partial void SettingsUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(2045, LogLevel.Error, "Settings could not be saved to {File} ({Reason}); they are in force until the agent restarts")]
    public static partial void SettingsUnsaved(ILogger logger, string file, string reason);

    [LoggerMessage(2043, LogLevel.Warning, "Control of {Node}.{Parameter} refused: {Reason}")]
    public static partial void ControlRefused(ILogger logger, string node, string parameter, string reason);

    [LoggerMessage(2044, LogLevel.Information, "Control: {Node}.{Parameter} = {Value}")]
    public static partial void ControlApplied(ILogger logger, string node, string parameter, string value);

    [LoggerMessage(2024, LogLevel.Information, "Publish-options on {Service}: {Supported}")]
    public static partial void PublishOptionsSupport(ILogger logger, string service, bool supported);

    [LoggerMessage(2025, LogLevel.Warning, "Node {Node} no longer matches its configuration (precondition-not-met); configuring it again")]
    public static partial void PublishOptionsMismatch(ILogger logger, string node);

    [LoggerMessage(2027, LogLevel.Warning, "The service refused the configuration of node {Node} ({Step}: {Error}); the node keeps the service's own")]
    public static partial void NodeConfigRefused(ILogger logger, string node, string step, string error);

    [LoggerMessage(2028, LogLevel.Warning, "Publishing {Node}/{ItemId} failed (attempt {Attempt}): {Error}; retrying in {Delay}")]
    public static partial void PublishFailed(ILogger logger, string node, string itemId, int attempt, string error, TimeSpan delay);

    [LoggerMessage(2029, LogLevel.Warning, "Publishing {Node}/{ItemId} failed {Attempts} times (last: {Error}); parked in {File} so it cannot block the node ({Parked} parked since start)")]
    public static partial void PublishParked(ILogger logger, string node, string itemId, int attempts, string error, string file, long parked);

    [LoggerMessage(2013, LogLevel.Error, "Outbox commit in {Directory} failed unexpectedly; the readings of that commit are refused")]
    public static partial void OutboxCommitCrashed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(2019, LogLevel.Warning, "Publishing {Node}/{ItemId} failed unexpectedly; it is sent again")]
    public static partial void PublishCrashed(ILogger logger, string node, string itemId, Exception exception);

    [LoggerMessage(2018, LogLevel.Debug, "A publish timed out: window now {Window} of {Max} (the server is slow or the link congested)")]
    public static partial void PublishWindowShrunk(ILogger logger, int window, int max);

    [LoggerMessage(2026, LogLevel.Warning, "The service refused publish-options on {Node} ({Error}); publishing without them")]
    public static partial void PublishOptionsDropped(ILogger logger, string node, string error);

    [LoggerMessage(2050, LogLevel.Critical, "The agent stopped: {Service} failed ({Reason}); exiting with code 1")]
    public static partial void ServiceFailed(ILogger logger, string service, string reason, Exception exception);

    [LoggerMessage(2051, LogLevel.Critical, "The agent could not run ({Reason}); exiting with code 1")]
    public static partial void AgentFailed(ILogger logger, string reason, Exception exception);

    // First boot (Provisioning/FirstBoot.cs): progress for the technician at Information, never the password.
    [LoggerMessage(2060, LogLevel.Information, "First boot: creating account {Jid} on {Server} (XEP-0077 in-band registration)")]
    public static partial void FirstBootRegistering(ILogger logger, string jid, string server);

    [LoggerMessage(2061, LogLevel.Information, "First boot: account {Jid} created")]
    public static partial void FirstBootAccountCreated(ILogger logger, string jid);

    [LoggerMessage(2062, LogLevel.Information, "First boot: resuming for {Jid} with the credentials in {File}: logging in (the account may exist from before a restart)")]
    public static partial void FirstBootResuming(ILogger logger, string jid, string file);

    [LoggerMessage(2063, LogLevel.Information, "First boot: account {Jid} exists with the stored password; first boot complete")]
    public static partial void FirstBootAccountFound(ILogger logger, string jid);

    [LoggerMessage(2064, LogLevel.Information, "First boot: the server does not accept the stored credentials of {Jid} (the account was not made before the restart); registering it")]
    public static partial void FirstBootNoAccountYet(ILogger logger, string jid);

    [LoggerMessage(2065, LogLevel.Critical, "First boot: the account {Jid} already exists on the server, with another password than the one in {File}: it is not this device's, and no second account is made. Free the name on the server, or configure another Xmpp:Jid (moving {File} away), or set Xmpp:Password; exiting with code 3")]
    public static partial void FirstBootAccountNotOurs(ILogger logger, string jid, string file);

    [LoggerMessage(2066, LogLevel.Error, "First boot: registration of {Jid} refused by the server: {Error}. Allow in-band registration (XEP-0077) on the server, or create the account and set Xmpp:Password; exiting with code 3")]
    public static partial void FirstBootRefused(ILogger logger, string jid, string error);

    [LoggerMessage(2067, LogLevel.Warning, "First boot: registration did not complete ({Reason}); trying again in {Delay}")]
    public static partial void FirstBootRetry(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(2052, LogLevel.Information, "systemd: READY=1 sent (XMPP {State})")]
    public static partial void SystemdReady(ILogger logger, string state);

    [LoggerMessage(2053, LogLevel.Warning, "systemd watchdog: healthy = {Healthy} ({Reason}); the watchdog is fed only while healthy")]
    public static partial void SystemdHealth(ILogger logger, bool healthy, string reason);
}
