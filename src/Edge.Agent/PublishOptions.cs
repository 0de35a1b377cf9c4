namespace Edge.Agent;

/// <summary>The <c>Agent:PubSub</c> section: where readings are published and how the nodes are configured.</summary>
public sealed class PublishOptions
{
    /// <summary>Pubsub service JID (e.g. <c>pubsub.example.org</c>); empty = PEP on the device's own JID.</summary>
    public string Service { get; set; } = string.Empty;

    /// <summary>Node name prefix; a sensor node's name is <c>{NodePrefix}{device local part}/{nodeId}</c>.</summary>
    public string NodePrefix { get; set; } = "edge/";

    public int MaxItems { get; set; } = 100;

    public bool PersistItems { get; set; } = true;

    public string AccessModel { get; set; } = "open";

    /// <summary>
    /// Publishes in flight at once (their results not yet back). A backlog drains at the server's speed instead of one
    /// item per round trip; order is kept per node (one session's stanzas are handled in order).
    /// </summary>
    public int Window { get; set; } = 64;

    /// <summary>Attempts at one item the server refuses before it is parked (set aside, logged) so its node goes on.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Backoff between attempts at a refused item: doubling from the first to the second value.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks the options; each message names the key and quotes the bad value.</summary>
    public IEnumerable<string> Validate()
    {
        if (Service is { Length: > 0 } && !Xmpp.Jid.TryParse(Service, out _, out var jidError))
        {
            yield return $"Agent:PubSub:Service '{Service}' is not a JID: {jidError}";
        }

        if (MaxItems is < 1 or > 100_000)
        {
            yield return $"Agent:PubSub:MaxItems {MaxItems} must be between 1 and 100000.";
        }

        if (AccessModel is not ("open" or "presence" or "roster" or "authorize" or "whitelist"))
        {
            yield return $"Agent:PubSub:AccessModel '{AccessModel}' must be one of open, presence, roster, authorize, whitelist.";
        }

        if (Window is < 1 or > 1024)
        {
            yield return $"Agent:PubSub:Window {Window} must be between 1 and 1024.";
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            yield return $"Agent:PubSub:MaxAttempts {MaxAttempts} must be between 1 and 1000.";
        }

        if (RetryInitialDelay < TimeSpan.FromMilliseconds(10) || RetryInitialDelay > RetryMaxDelay)
        {
            yield return $"Agent:PubSub:RetryInitialDelay '{RetryInitialDelay}' must be at least 00:00:00.01 and at most RetryMaxDelay '{RetryMaxDelay}'.";
        }

        if (RetryMaxDelay > TimeSpan.FromHours(1))
        {
            yield return $"Agent:PubSub:RetryMaxDelay '{RetryMaxDelay}' must be at most 01:00:00.";
        }
    }
}
