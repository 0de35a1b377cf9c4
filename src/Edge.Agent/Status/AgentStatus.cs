using Edge.Agent.DemandResponse;

namespace Edge.Agent.Status;

/// <summary>
/// One typed snapshot of the running agent, taken by <see cref="StatusSource"/>: what the status page shows, what
/// <c>/metrics</c> exposes and what <c>/healthz</c> decides on. Immutable; taken fresh for every request.
/// </summary>
/// <param name="Now">When it was taken.</param>
/// <param name="Connection">The XMPP session.</param>
/// <param name="Outbox">Readings waiting to be published.</param>
/// <param name="Sampler">The sampler.</param>
/// <param name="Publishing">Publishes since start.</param>
/// <param name="DemandResponse">The demand-response engine's state; null when the profile has no managed load.</param>
/// <param name="Sensors">Every sensor and relay of the hardware profile, in profile order.</param>
/// <param name="Claim">The thing registry claim (XEP-0347); null when provisioning is off.</param>
/// <param name="Process">The process's memory and CPU.</param>
/// <param name="Problem">A background service that failed or stopped (as systemd's watchdog sees it); null when none.</param>
public sealed record AgentStatus(DateTimeOffset Now, ConnectionStatus Connection, OutboxStatus Outbox, SamplerStatus Sampler,
    PublishingStatus Publishing, DemandResponseStatus? DemandResponse, IReadOnlyList<SensorStatus> Sensors, ClaimStatus? Claim,
    ProcessStatus Process, string? Problem)
{
    /// <summary>Share of the outbox's entry or byte bound above which buffering is no longer "within bounds".</summary>
    public const double OutboxNearlyFull = 0.9;

    /// <summary>
    /// What <c>/healthz</c> answers: healthy when connected, or when disconnected but buffering within bounds (the disk
    /// takes writes and the outbox is below <see cref="OutboxNearlyFull"/> of its bounds); <paramref name="reason"/>
    /// says which, or what is wrong.
    /// </summary>
    public bool IsHealthy(out string reason)
    {
        if (Problem is not null)
        {
            reason = Problem;
            return false;
        }

        if (Outbox.Degraded)
        {
            reason = $"the disk refuses writes: {Outbox.Depth} readings held in memory";
            return false;
        }

        if (Connection.Up)
        {
            reason = $"connected; outbox {Outbox.Depth} waiting";
            return true;
        }

        double fill = Math.Max((double)Outbox.Depth / Outbox.MaxEntries, (double)Outbox.Bytes / Outbox.MaxBytes);
        string state = $"{Connection.State}{(Connection.LastError is { } e ? " (" + e + ")" : string.Empty)}";
        if (fill >= OutboxNearlyFull)
        {
            reason = $"{state} and the outbox is {fill:P0} full ({Outbox.Depth} of {Outbox.MaxEntries} readings)";
            return false;
        }

        reason = $"buffering: {state}; outbox {Outbox.Depth} waiting ({fill:P0} of its bounds)";
        return true;
    }
}
