using System.Diagnostics;
using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.FirmwareBridge.Protocol;
using Edge.Testing.FirmwareBridge;
using Edge.Things;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>
/// End to end: the C firmware core as a virtual MCU (edge-vmcu, built from firmware-bridge/ by cmake) on one end of a
/// socat pty pair, <see cref="FirmwareBridgeClient"/> on a <see cref="Edge.Hardware.Serial.TtyStream"/> (our own termios port) on the other.
/// The scenario (firmware-bridge/scenarios/e2e.scenario) corrupts READING 5, drops 8, truncates 11, duplicates 14,
/// sends 300 bytes of line noise before 17, and drops the first ACK.
/// </summary>
[TestClass]
[TestCategory("Serial")]
public sealed class FirmwareBridgeEndToEndTests
{
    private static readonly ushort[] Damaged = [5, 8, 11];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000)]
    public async Task VirtualMcu_FaultInjectingScenario_DropsCountsResynchronisesAndAcks()
    {
        CancellationToken token = TestContext.CancellationTokenSource.Token;
        var scenario = new VmcuScenario(VirtualMcu.Scenario("e2e"));
        await using var mcu = await VirtualMcu.StartAsync(VirtualMcu.Scenario("e2e"), token, verbose: true);
        try
        {
            var options = new FirmwareBridgeOptions { NodeId = "vmcu", SilenceTimeout = TimeSpan.FromSeconds(1) };
            FirmwareBridgeClient client = FirmwareBridgeSerialPort.Open(mcu.HostPort, options);
            await using (client)
            {
                FirmwareBridgeDescriptor descriptor = await client.StartAsync(token);
                Assert.AreEqual(0xBEEFu, descriptor.DeviceId);
                Assert.AreEqual("edge-vmcu", descriptor.Model);
                string[] names = ["supply", "energy", "relay", "board_temp"];
                CollectionAssert.AreEqual(names, descriptor.Channels.Select(c => c.Name).ToArray());
                Assert.AreEqual("°C", descriptor.Channels[3].Unit);

                var readings = new List<FirmwareBridgeReading>();
                await CollectUntilAsync(client, readings, seq: 22, token);

                // The first ACK is dropped by the MCU: the client retries with the same id, the MCU repeats its answer.
                FirmwareBridgeCommandResult set = await client.SetOutputAsync(2, true, token);
                Assert.AreEqual(FirmwareBridgeCommandResult.Ack, set);
                Assert.AreEqual(1, client.Statistics.CommandRetries);
                FirmwareBridgeCommandResult refused = await client.SetOutputAsync(0, true, token);
                Assert.AreEqual(FirmwareBridgeCommandResult.Nak(FirmwareBridgeNakReason.BadChannel), refused);

                int afterCommand = readings.Count;
                await CollectUntilAsync(client, readings, seq: readings[^1].Sequence + 5, token);

                // Sequence: everything but the three damaged/dropped readings, each exactly once, in order.
                ushort last = readings[^1].Sequence;
                ushort[] expectedSeq = Enumerable.Range(0, last + 1).Select(i => (ushort)i).Except(Damaged).ToArray();
                CollectionAssert.AreEqual(expectedSeq, readings.Select(r => r.Sequence).ToArray());

                // No reading invented: every sample is what the scenario says for the tick the MCU stamped.
                bool relayOn = false;
                foreach (FirmwareBridgeReading reading in readings)
                {
                    Assert.AreEqual(4, reading.Samples.Count);
                    (BridgeSampleStatus s0, int r0) = scenario.Analog(0, reading.TickMilliseconds);
                    (BridgeSampleStatus s3, int r3) = scenario.Analog(3, reading.TickMilliseconds);
                    Assert.AreEqual(new BridgeSample(0, s0, r0), reading.Samples[0], $"seq {reading.Sequence}");
                    Assert.AreEqual(new BridgeSample(1, BridgeSampleStatus.Ok, scenario.Count(1, reading.TickMilliseconds)),
                        reading.Samples[1], $"seq {reading.Sequence}");
                    Assert.AreEqual(new BridgeSample(3, s3, r3), reading.Samples[3], $"seq {reading.Sequence}");
                    bool on = reading.Samples[2].Raw == 1;
                    Assert.IsFalse(relayOn && !on, "the relay went back off by itself");
                    relayOn |= on;
                }

                Assert.IsTrue(readings.Take(afterCommand).All(r => r.Samples[2].Raw == 0), "relay on before the command");
                Assert.IsTrue(readings[^1].Samples[2].Raw == 1, "relay state not reported after the ACK");
                Assert.IsTrue(readings.Any(r => r.Samples[3].Status == BridgeSampleStatus.Fault), "the sensor fault never showed");

                FirmwareBridgeStatistics stats = client.Statistics;
                TestContext.WriteLine($"{readings.Count} readings, last seq {last}; {stats}");
                Assert.AreEqual(3, stats.CorruptFrames, stats.ToString());   // corrupt, truncate, line noise
                Assert.AreEqual(1, stats.OversizeFrames, stats.ToString());
                Assert.AreEqual(3, stats.ReadingsLost, stats.ToString());    // 5, 8, 11
                Assert.AreEqual(1, stats.OutOfOrderReadings, stats.ToString()); // the duplicate of 14
                Assert.AreEqual(1, stats.Handshakes, stats.ToString());
                Assert.AreEqual(0, stats.MalformedFrames + stats.UnknownFrames, stats.ToString());

                IReadOnlyList<Field> fields = await client.ReadAsync(DateTimeOffset.UtcNow, token);
                Assert.AreEqual(new ThingReference("vmcu"), client.Node);
                Assert.AreEqual("V", ((NumericValue)fields[0].Value).Unit);
                Assert.AreEqual(FieldQoS.AutomaticReadout, fields[0].QoS);
                Assert.AreEqual(new BooleanValue(true), fields[2].Value);

                // The MCU dies: after the silence timeout every field is Missing | Error.
                mcu.KillMcu();
                await ChildProcess.WaitUntilAsync(() => !client.IsConnected, "silence detection", TimeSpan.FromSeconds(15), token);
                fields = await client.ReadAsync(DateTimeOffset.UtcNow, token);
                Assert.IsTrue(fields.All(f => f.QoS == (FieldQoS.Missing | FieldQoS.Error)));
            }
        }
        catch
        {
            TestContext.WriteLine(string.Join('\n', mcu.Log.TakeLast(80)));
            throw;
        }
    }

    private static async Task CollectUntilAsync(FirmwareBridgeClient client, List<FirmwareBridgeReading> readings, int seq,
        CancellationToken token)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (readings.Count == 0 || readings[^1].Sequence < seq)
        {
            readings.Add(await client.Readings.ReadAsync(timeout.Token));
        }
    }
}
