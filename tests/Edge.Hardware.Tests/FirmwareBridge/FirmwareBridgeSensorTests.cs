using System.Diagnostics;
using Edge.Hardware.FirmwareBridge;
using Edge.Testing.FirmwareBridge;
using Edge.Things;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.FirmwareBridge;

[TestClass]
public sealed class FirmwareBridgeSensorTests
{
    private const FieldQoS MissingError = FieldQoS.Missing | FieldQoS.Error;

    private static readonly string[] DemoChannels = ["supply", "energy", "relay", "board_temp"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadAsync_PortDoesNotExist_ReturnsMissingErrorAndRetriesOnlyAfterFiveSeconds()
    {
        CancellationToken token = TestContext.CancellationTokenSource.Token;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        string port = Path.Combine(Path.GetTempPath(), $"edge-fwb-{Guid.NewGuid():N}", "agent");
        var logger = new CountingLogger();
        await using var sensor = new FirmwareBridgeSensor("mcu", port, 115200, clock, logger);

        IReadOnlyList<Field> fields = await sensor.ReadAsync(clock.GetUtcNow(), token);

        Assert.AreEqual(new ThingReference("mcu"), sensor.Node);
        Assert.AreEqual(1, sensor.OpenAttempts);
        Assert.IsFalse(sensor.IsConnected);
        Assert.AreEqual(1, fields.Count);
        Assert.AreEqual("bridge", fields[0].Name);
        Assert.AreEqual(MissingError, fields[0].QoS);
        StringAssert.StartsWith(((StringValue)fields[0].Value).Value, "disconnected: ");

        clock.Advance(TimeSpan.FromSeconds(4.9));
        fields = await sensor.ReadAsync(clock.GetUtcNow(), token);
        Assert.AreEqual(1, sensor.OpenAttempts, "retried within 5 s");
        Assert.AreEqual(MissingError, fields[0].QoS);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        fields = await sensor.ReadAsync(clock.GetUtcNow(), token);
        Assert.AreEqual(2, sensor.OpenAttempts, "no retry after 5 s");
        Assert.AreEqual(MissingError, fields[0].QoS);

        // Logged once for the state change, not once per failed attempt.
        Assert.AreEqual(1, logger.Warnings);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task DisposeAsync_NeverConnected_ThenReadThrowsObjectDisposed()
    {
        string port = Path.Combine(Path.GetTempPath(), $"edge-fwb-{Guid.NewGuid():N}", "agent");
        var sensor = new FirmwareBridgeSensor("mcu", port);
        _ = await sensor.ReadAsync(DateTimeOffset.UtcNow, TestContext.CancellationTokenSource.Token);

        await sensor.DisposeAsync();
        await sensor.DisposeAsync();

        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(
            async () => await sensor.ReadAsync(DateTimeOffset.UtcNow, TestContext.CancellationTokenSource.Token));
    }

    [TestMethod]
    [TestCategory("Serial")]
    [Timeout(120_000)]
    public async Task ReadAsync_VirtualMcuOnPtyPair_ConnectsAndReturnsLiveChannelFields()
    {
        CancellationToken token = TestContext.CancellationTokenSource.Token;
        await using var mcu = await VirtualMcu.StartAsync(VirtualMcu.Scenario("demo"), token, hostName: "agent");
        try
        {
            await using var sensor = new FirmwareBridgeSensor("mcu", mcu.HostPort);
            IReadOnlyList<Field> fields = await sensor.ReadAsync(DateTimeOffset.UtcNow, token);
            Assert.IsTrue(sensor.IsConnected, string.Join(", ", fields.Select(f => $"{f.Name}={f.Value}")));
            Assert.AreEqual(1, sensor.OpenAttempts);

            // The first READING follows the handshake within a period (1 s): poll until every channel has a sample.
            var watch = Stopwatch.StartNew();
            while (fields.Any(f => f.QoS.HasFlag(FieldQoS.Missing)))
            {
                Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(15),
                    $"no live fields: {string.Join(", ", fields.Select(f => $"{f.Name}={f.Value} {f.QoS}"))}");
                await Task.Delay(100, token);
                fields = await sensor.ReadAsync(DateTimeOffset.UtcNow, token);
            }

            CollectionAssert.AreEqual(DemoChannels, fields.Select(f => f.Name).ToArray());
            Assert.IsTrue(fields.All(f => !f.QoS.HasFlag(FieldQoS.Missing) && !f.QoS.HasFlag(FieldQoS.Error)));
            var supply = (NumericValue)fields[0].Value;
            Assert.AreEqual("V", supply.Unit);
            Assert.IsTrue(supply.Value is > 1.5 and < 1.7, $"supply {supply.Value} V"); // raw ≈ 2000 × 3.3 / 4095
            Assert.AreEqual(new ThingReference("mcu"), sensor.Node);
            Assert.AreEqual(1, sensor.OpenAttempts);
        }
        catch
        {
            TestContext.WriteLine(string.Join('\n', mcu.Log.TakeLast(80)));
            throw;
        }
    }

    private sealed class CountingLogger : ILogger
    {
        private int _warnings;

        public int Warnings => Volatile.Read(ref _warnings);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref _warnings);
            }
        }
    }
}
