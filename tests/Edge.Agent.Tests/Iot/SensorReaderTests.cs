using Edge.Agent.Iot;
using Edge.Hardware;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Iot;

[TestClass]
public sealed class SensorReaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ReadAsync_WithinMaxAge_ReturnsTheCachedReadWithoutReadingAgain()
    {
        var clock = new FakeTimeProvider(Start);
        var sensor = new ScriptedSensor();
        var reader = new SensorReader(clock);

        var first = await reader.ReadAsync(sensor, TimeSpan.FromSeconds(2), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await reader.ReadAsync(sensor, TimeSpan.FromSeconds(2), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        var third = await reader.ReadAsync(sensor, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.AreSame(first, second);
        Assert.AreEqual(2, sensor.Reads, "the third read is older than the maximum age");
        Assert.AreNotSame(first, third);
    }

    [TestMethod]
    public async Task FailingCount_CountsSensorsWhoseLastReadFailed_AndRecovers()
    {
        var reader = new SensorReader(new FakeTimeProvider(Start));
        var good = new ScriptedSensor();
        var bad = new ScriptedSensor { Failing = true };

        _ = await reader.ReadAsync(good, TimeSpan.Zero, CancellationToken.None);
        _ = await reader.ReadAsync(bad, TimeSpan.Zero, CancellationToken.None);
        Assert.AreEqual(1, reader.FailingCount);

        bad.Failing = false;
        _ = await reader.ReadAsync(bad, TimeSpan.Zero, CancellationToken.None);
        Assert.AreEqual(0, reader.FailingCount);
    }

    [TestMethod]
    public async Task Invalidate_NextReadGoesToTheSensor()
    {
        var reader = new SensorReader(new FakeTimeProvider(Start));
        var sensor = new ScriptedSensor();

        _ = await reader.ReadAsync(sensor, TimeSpan.FromMinutes(1), CancellationToken.None);
        reader.Invalidate(sensor);
        _ = await reader.ReadAsync(sensor, TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.AreEqual(2, sensor.Reads);
    }

    [TestMethod]
    public async Task Last_CountsFailedAndThrowingReads_KeepsTheFieldsOfTheLastGoodRead()
    {
        var clock = new FakeTimeProvider(Start);
        var reader = new SensorReader(clock);
        var sensor = new ScriptedSensor();
        Assert.IsNull(reader.Last(sensor), "never read");

        var good = await reader.ReadAsync(sensor, TimeSpan.Zero, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        sensor.Failing = true;
        _ = await reader.ReadAsync(sensor, TimeSpan.Zero, CancellationToken.None);
        Assert.AreEqual(1, reader.Last(sensor)!.Errors);
        Assert.AreEqual("every field missing", reader.Last(sensor)!.Error);

        sensor.Failing = false;
        sensor.Throwing = true;
        await Assert.ThrowsExactlyAsync<IOException>(() => reader.ReadAsync(sensor, TimeSpan.Zero, CancellationToken.None).AsTask());
        var last = reader.Last(sensor)!;
        Assert.AreEqual(2, last.Errors);
        Assert.AreEqual("bus timeout", last.Error);
        Assert.AreEqual(Start.AddSeconds(1), last.ReadAt, "the fields of the read before the one that threw");

        sensor.Throwing = false;
        clock.Advance(TimeSpan.FromSeconds(1));
        var fields = await reader.ReadAsync(sensor, TimeSpan.Zero, CancellationToken.None);
        last = reader.Last(sensor)!;
        Assert.AreSame(fields, last.Fields);
        Assert.AreEqual(2, last.Errors, "failed reads since start");
        Assert.IsNull(last.Error, "the latest read succeeded");
        Assert.AreNotSame(good, last.Fields);
    }

    [TestMethod]
    public async Task Watch_ToldOfEachReadThatDroveTheSensor_NotOfCachedAnswers_UntilDisposed()
    {
        var clock = new FakeTimeProvider(Start);
        var reader = new SensorReader(clock);
        var sensor = new ScriptedSensor();
        var seen = new List<SensorLastRead>();
        var watch = reader.Watch(sensor, seen.Add);

        var fields = await reader.ReadAsync(sensor, TimeSpan.Zero, CancellationToken.None);
        _ = await reader.ReadAsync(sensor, TimeSpan.FromSeconds(5), CancellationToken.None); // the cached answer
        clock.Advance(TimeSpan.FromSeconds(1));
        sensor.Throwing = true;
        await Assert.ThrowsExactlyAsync<IOException>(() => reader.ReadAsync(sensor, TimeSpan.Zero, CancellationToken.None).AsTask());
        watch.Dispose();
        sensor.Throwing = false;
        _ = await reader.ReadAsync(sensor, TimeSpan.Zero, CancellationToken.None);

        Assert.AreEqual(2, seen.Count);
        Assert.AreSame(fields, seen[0].Fields);
        Assert.AreEqual(Start, seen[0].ReadAt);
        Assert.IsNull(seen[0].Error);
        Assert.AreEqual(0, seen[1].Fields.Count, "a read that threw has no fields");
        Assert.AreEqual("bus timeout", seen[1].Error);
        Assert.AreEqual(Start.AddSeconds(1), seen[1].ReadAt);
    }

    /// <summary>A sensor that counts its reads and reports a failed read (every field missing + error) on demand.</summary>
    private sealed class ScriptedSensor : ISensor
    {
        public ThingReference Node { get; } = new("scripted");

        public int Reads { get; private set; }

        public bool Failing { get; set; }

        public bool Throwing { get; set; }

        public ValueTask<IReadOnlyList<Field>> ReadAsync(DateTimeOffset timestamp, CancellationToken cancellationToken)
        {
            Reads++;
            if (Throwing)
            {
                throw new IOException("bus timeout");
            }

            var field = Failing
                ? new Field("Value", new NumericValue(0, "V", 0), timestamp, ReadoutTypes.Momentary, FieldQoS.Missing | FieldQoS.Error)
                : new Field("Value", new NumericValue(Reads, "V", 0), timestamp);
            return ValueTask.FromResult<IReadOnlyList<Field>>([field]);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
