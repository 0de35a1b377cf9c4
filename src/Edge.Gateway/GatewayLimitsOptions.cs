namespace Edge.Gateway;

/// <summary>Bounds (section <c>Gateway:Limits</c>): what one device may cost, and how many devices at once.</summary>
public sealed class GatewayLimitsOptions
{
    /// <summary>Device connections held at once; one more is refused with <c>policy-violation</c>.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>The largest first-level element (stanza or nonza) in either direction; larger → <c>policy-violation</c>.</summary>
    public int MaxStanzaBytes { get; set; } = 256 * 1024;

    /// <summary>From accepting a device to its stream being relayed (TLS, SASL and restarts included).</summary>
    public TimeSpan NegotiationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A device that sends nothing this long is closed with <c>connection-timeout</c> (the agent pings every minute).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConnections < 1)
        {
            errors.Add($"MaxConnections {MaxConnections} must be at least 1.");
        }

        if (MaxStanzaBytes is < 1024 or > 16 * 1024 * 1024)
        {
            errors.Add($"MaxStanzaBytes {MaxStanzaBytes} must be between 1024 and 16777216.");
        }

        GatewayOptions.CheckPositive(errors, "NegotiationTimeout", NegotiationTimeout);
        GatewayOptions.CheckPositive(errors, "IdleTimeout", IdleTimeout);
        return errors;
    }
}
