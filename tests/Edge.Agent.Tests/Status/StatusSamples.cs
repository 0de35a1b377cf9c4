using Edge.Agent.Status;
using Edge.Things;

namespace Edge.Agent.Tests.Status;

/// <summary>Hand-made snapshots for the page, metrics and health tests.</summary>
internal static class StatusSamples
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static AgentStatus Connected(ClaimStatus? claim = null, IReadOnlyList<SensorStatus>? sensors = null) => new(
        Now,
        new ConnectionStatus("connected", true, "device@example.org/edge", "example.org:5222", true, true, Now.AddMinutes(-5), "The server closed the stream.",
            Now.AddMinutes(-6), 2, 1, 1, 40, 55),
        new OutboxStatus(3, 300, 100, 64 * 1024 * 1024, Now.AddSeconds(-12), 7, 0, false),
        new SamplerStatus(TimeSpan.FromSeconds(5), Now.AddSeconds(-1), 123),
        new PublishingStatus(120, 4),
        null,
        sensors ?? [Climate(21.5), new SensorStatus("heater", true, Now, [new Field("State", new BooleanValue(true), Now)], 0, null)],
        claim,
        new ProcessStatus(12 * 1024 * 1024, 14 * 1024 * 1024, TimeSpan.FromSeconds(3.5), Now.AddHours(-1))
        {
            Threads = 11,
            Gc = new GcStatus(3 * 1024 * 1024, 512 * 1024, 5 * 1024 * 1024, 900_000_000, [410, 37, 2]),
        },
        null);

    public static SensorStatus Climate(double temperature) => new("climate", false, Now.AddSeconds(-1),
        [new Field("Temperature", new NumericValue(temperature, "°C", 1), Now), new Field("Humidity", new NumericValue(40, "%", 0), Now)
            { QoS = FieldQoS.AutomaticReadout | FieldQoS.Warning }], 0, null);

    public static AgentStatus Disconnected(int depth, bool degraded = false) => Connected() with
    {
        Connection = Connected().Connection with { State = "reconnecting", Up = false, ConnectedSince = null },
        Outbox = Connected().Outbox with { Depth = depth, Degraded = degraded },
    };
}
