using Edge.Agent.DemandResponse;

namespace Edge.Agent.Tests.Json;

/// <summary>The files main's serializer wrote (<c>Json/MainFormats/README.md</c>), and the values of the demand-response one.</summary>
internal static class MainFormats
{
    private static readonly DateTimeOffset Six = new(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Json", "MainFormats", name);

    public static DemandResponseStateDocument DemandResponseSample() => new()
    {
        Loads =
        [
            new ShedRecord { Node = "boiler", ShedAt = new DateTimeOffset(2026, 12, 6, 18, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567), Reason = ShedReason.Event, Depth = 3, Priority = 2, RestoreAt = Six.AddHours(1) },
            new ShedRecord { Node = "heat-pump", ShedAt = new DateTimeOffset(2026, 12, 6, 17, 0, 0, TimeSpan.Zero), Reason = ShedReason.ImportLimit, Priority = 5 },
            new ShedRecord { Node = "pool", ShedAt = new DateTimeOffset(2026, 12, 6, 22, 0, 0, TimeSpan.FromHours(-5)), Reason = ShedReason.QuietHours, Priority = 9 },
            new ShedRecord { Node = "ev", ShedAt = new DateTimeOffset(2026, 12, 6, 12, 30, 0, TimeSpan.Zero), Reason = ShedReason.EnergyBudget, Priority = 1 },
        ],
        Events =
        [
            new GridEvent("evt-1", 4, [new GridEventInterval(Six, Six.AddMinutes(30), 2), new GridEventInterval(Six.AddMinutes(30), Six.AddHours(1), -1)]),
            new GridEvent("evt \"2\"", long.MaxValue, [], Cancelled: true),
        ],
        EnergyDay = new DateOnly(2026, 12, 6),
        EnergyDayStartKwh = 1234.5678,
    };
}
