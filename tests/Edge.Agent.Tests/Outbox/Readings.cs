using Edge.Things;

namespace Edge.Agent.Tests.Outbox;

/// <summary>Readings for outbox tests: one of every field value kind, or a small numeric one.</summary>
internal static class Readings
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 5, 123, TimeSpan.Zero);

    public static Reading Numeric(string node, int i, double value = 21.5) =>
        new(new ThingReference(node), T0.AddSeconds(i), [new Field("Temperature", new NumericValue(value, "°C", 2), T0.AddSeconds(i))], i);

    public static Reading AllKinds()
    {
        var t = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(1));
        return new Reading(new ThingReference("meter", "src", "cache"), t,
        [
            new Field("Power", new NumericValue(-1234.567, "W", 3), t, ReadoutTypes.Momentary | ReadoutTypes.Peak,
                FieldQoS.AutomaticReadout | FieldQoS.Warning) { Writable = false, Module = "mod", StringIds = "1,2" },
            new Field("On", new BooleanValue(true), t, ReadoutTypes.Status) { Writable = true },
            new Field("Count", new IntValue(-42), t),
            new Field("Energy", new LongValue(long.MaxValue), t, ReadoutTypes.HistoricalHour),
            new Field("Name", new StringValue("Zähler ü \n <x/>"), t, ReadoutTypes.Identity),
            new Field("Health", new EnumValue("ok", "urn:edge:health"), t, ReadoutTypes.Status),
            new Field("Day", new DateValue(new DateOnly(2026, 2, 28)), t),
            new Field("At", new TimeValue(new TimeOnly(23, 59, 58, 7)), t),
            new Field("Since", new DateTimeValue(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(-330))), t),
            new Field("Uptime", new DurationValue(TimeSpan.FromDays(3.5) + TimeSpan.FromTicks(1)), t,
                ReadoutTypes.Status, FieldQoS.Missing | FieldQoS.Error),
        ], 77);
    }
}
