using Edge.Hardware.Dht;
using Edge.Hardware.Simulation;
using Edge.Things;
using Microsoft.Extensions.Logging;

namespace Edge.Hardware.Tests;

[TestClass]
public sealed class PolledSensorTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadAsync_RepeatedFailure_LoggedOncePerStateChange()
    {
        var logger = new CountingLogger();
        var source = new SimulatedDht22(_ => new Dht22Reading(50, 20));
        await using var sensor = new Dht22Sensor(new ThingReference("room"), source, logger);
        CancellationToken ct = TestContext.CancellationTokenSource.Token;

        for (int i = 0; i < 3; i++)
        {
            source.CorruptNext = true;
            _ = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, ct);
        }

        _ = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, ct);
        _ = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, ct);
        source.CorruptNext = true;
        _ = await sensor.ReadAsync(DateTimeOffset.UnixEpoch, ct);

        // failed (once for three failing cycles), recovered (once for two good cycles), failed again.
        int[] expected = [4000, 4001, 4000];
        CollectionAssert.AreEqual(expected, logger.EventIds);
    }

    private sealed class CountingLogger : ILogger
    {
        public List<int> EventIds { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => EventIds.Add(eventId.Id);
    }
}
