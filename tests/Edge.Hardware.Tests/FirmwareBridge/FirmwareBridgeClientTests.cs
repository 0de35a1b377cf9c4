using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.FirmwareBridge.Protocol;
using Edge.Things;
using Microsoft.Extensions.Time.Testing;
using Nerdbank.Streams;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>The client against a scripted MCU over an in-memory duplex stream, on a fake clock.</summary>
[TestClass]
public sealed class FirmwareBridgeClientTests
{
    private static readonly FirmwareBridgeOptions Options = new()
    {
        NodeId = "mcu1",
        HandshakeTimeout = TimeSpan.FromSeconds(1),
        HandshakeAttempts = 3,
        SilenceTimeout = TimeSpan.FromSeconds(2),
        CommandTimeout = TimeSpan.FromMilliseconds(500),
        CommandRetries = 2,
    };

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Token => TestContext.CancellationTokenSource.Token;

    private static (FirmwareBridgeClient Client, FakeMcu Mcu, FakeTimeProvider Time) Create()
    {
        (Stream host, Stream mcu) = FullDuplexStream.CreatePair();
        var time = new FakeTimeProvider();
        return (new FirmwareBridgeClient(host, Options, time), new FakeMcu(mcu), time);
    }

    private async Task<FirmwareBridgeDescriptor> StartAsync(FirmwareBridgeClient client, FakeMcu mcu)
    {
        Task<FirmwareBridgeDescriptor> start = client.StartAsync(Token);
        await mcu.HandshakeAsync(Token);
        return await start;
    }

    private async Task<HelloFrame> StartWithHelloAsync(FirmwareBridgeClient client, FakeMcu mcu)
    {
        Task<FirmwareBridgeDescriptor> start = client.StartAsync(Token);
        HelloFrame hello = await mcu.HandshakeAsync(Token);
        await start;
        return hello;
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StartAsync_HelloAckAndChannels_YieldsDescriptor()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, _) = Create();
        await using (client)
        {
            Task<FirmwareBridgeDescriptor> start = client.StartAsync(Token);
            HelloFrame hello = await mcu.ReadAsync<HelloFrame>(Token);
            Assert.AreEqual((byte)1, hello.MinVersion);
            Assert.AreEqual((byte)1, hello.MaxVersion);
            await mcu.SendAsync(new AnnounceFrame(1, 1, 0xBEEF)); // a stale ANNOUNCE during the handshake is harmless
            await mcu.SendAsync(new HelloAckFrame(hello.CommandId, 1, 3, 0xBEEF, 1, 0, "fake-mcu"));
            await mcu.SendAsync(FakeMcu.Relay); // CHANNEL frames may come in any order
            await mcu.SendAsync(FakeMcu.Supply);
            await mcu.SendAsync(FakeMcu.Energy);

            FirmwareBridgeDescriptor descriptor = await start;

            Assert.AreEqual(0xBEEFu, descriptor.DeviceId);
            Assert.AreEqual(new Version(1, 0), descriptor.FirmwareVersion);
            Assert.AreEqual("fake-mcu", descriptor.Model);
            string[] names = ["supply", "energy", "relay"];
            CollectionAssert.AreEqual(names, descriptor.Channels.Select(c => c.Name).ToArray());
            Assert.AreEqual("Wh", descriptor.Channels[1].Unit);
            Assert.IsTrue(client.IsConnected);
            Assert.AreEqual(1, client.Statistics.Handshakes);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StartAsync_NoAnswer_RetriesHelloThenTimesOut()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            Task<FirmwareBridgeDescriptor> start = client.StartAsync(Token);
            HelloFrame first = await mcu.ReadAsync<HelloFrame>(Token);
            HelloFrame second = await mcu.ReadAdvancingAsync<HelloFrame>(time, TimeSpan.FromMilliseconds(100), Token);
            Assert.AreNotEqual(first.CommandId, second.CommandId);

            while (!start.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                await Task.WhenAny(start, Task.Delay(5, Token));
            }

            await Assert.ThrowsExactlyAsync<FirmwareBridgeTimeoutException>(() => start);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task StartAsync_McuRefusesVersion_FailsWithoutWaiting()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, _) = Create();
        await using (client)
        {
            Task<FirmwareBridgeDescriptor> start = client.StartAsync(Token);
            HelloFrame hello = await mcu.ReadAsync<HelloFrame>(Token);
            await mcu.SendAsync(new NakFrame(hello.CommandId, FirmwareBridgeNakReason.UnsupportedVersion));

            var error = await Assert.ThrowsExactlyAsync<FirmwareBridgeException>(() => start);
            StringAssert.Contains(error.Message, "UnsupportedVersion");
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReceiveLoop_CorruptGapAndDuplicate_DropsCountsAndNeverInventsReadings()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, _) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            byte[] corrupt = BridgeFrameCodec.Encode(FakeMcu.Reading(1, 1001, 11));
            corrupt[4] ^= 0x10;

            await mcu.SendAsync(FakeMcu.Reading(0, 1000, 10));
            await mcu.SendRawAsync(corrupt);                                      // seq 1: CRC error
            await mcu.SendRawAsync([0x05, 0x11, 0x22, 0x00]);                     // garbage: COBS error
            await mcu.SendRawAsync([.. Enumerable.Repeat((byte)0x42, 400), 0x00]); // oversize
            await mcu.SendAsync(FakeMcu.Reading(2, 1002, 12));                    // gap: seq 1 lost
            await mcu.SendAsync(FakeMcu.Reading(2, 1002, 12));                    // duplicate
            await mcu.SendAsync(FakeMcu.Reading(1, 1001, 11));                    // late: behind the sequence
            await mcu.SendAsync(new ReadingFrame(3, 300, [new BridgeSample(9, BridgeSampleStatus.Ok, 5)])); // no channel 9
            await mcu.SendAsync(FakeMcu.Reading(5, 1005, 15));                    // gap: 3 and 4 lost

            var readings = new List<FirmwareBridgeReading>();
            while (readings.Count < 3)
            {
                readings.Add(await client.Readings.ReadAsync(Token));
            }

            ushort[] sequences = [0, 2, 5];
            int[] supplies = [1000, 1002, 1005];
            CollectionAssert.AreEqual(sequences, readings.Select(r => r.Sequence).ToArray());
            CollectionAssert.AreEqual(supplies, readings.Select(r => r.Samples[0].Raw).ToArray());
            Assert.IsFalse(client.Readings.TryPeek(out _));
            FirmwareBridgeStatistics stats = client.Statistics;
            Assert.AreEqual(1, stats.CrcErrors);
            Assert.AreEqual(1, stats.CobsErrors);
            Assert.AreEqual(1, stats.OversizeFrames);
            Assert.AreEqual(3, stats.CorruptFrames);
            Assert.AreEqual(3, stats.ReadingsLost);
            Assert.AreEqual(2, stats.OutOfOrderReadings);
            Assert.AreEqual(1, stats.MalformedFrames);
            Assert.AreEqual(3, stats.ReadingsAccepted);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadAsync_FreshSamples_ReportsScaledFieldsWithUnits()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            await mcu.SendAsync(FakeMcu.Reading(0, 4095, 8, relay: 1));
            await client.Readings.ReadAsync(Token);

            IReadOnlyList<Field> fields = await client.ReadAsync(time.GetUtcNow(), Token);

            Assert.AreEqual(new ThingReference("mcu1"), client.Node);
            Assert.AreEqual(3, fields.Count);
            var supply = (NumericValue)fields[0].Value;
            Assert.AreEqual("supply", fields[0].Name);
            Assert.AreEqual(3.3, supply.Value, 1e-9);
            Assert.AreEqual("V", supply.Unit);
            Assert.AreEqual(2, supply.Decimals);
            Assert.AreEqual(FieldQoS.AutomaticReadout, fields[0].QoS);
            Assert.AreEqual(10.0, ((NumericValue)fields[1].Value).Value, 1e-9);
            Assert.AreEqual(new BooleanValue(true), fields[2].Value);
            Assert.AreEqual(ReadoutTypes.Status, fields[2].Types);
            Assert.IsTrue(fields[2].Writable);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadAsync_FaultSample_ReportsMissingErrorForThatChannelOnly()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            await mcu.SendAsync(new ReadingFrame(0, 0, [
                new BridgeSample(0, BridgeSampleStatus.Fault, 0), new BridgeSample(1, BridgeSampleStatus.Ok, 8)]));
            await client.Readings.ReadAsync(Token);

            IReadOnlyList<Field> fields = await client.ReadAsync(time.GetUtcNow(), Token);

            Assert.AreEqual(FieldQoS.Missing | FieldQoS.Error, fields[0].QoS);
            Assert.AreEqual(FieldQoS.AutomaticReadout, fields[1].QoS);
            Assert.AreEqual(FieldQoS.Missing | FieldQoS.Error, fields[2].QoS); // never sampled yet
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Supervisor_BridgeSilent_FieldsGoMissingAndHelloIsResent()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            HelloFrame first = await StartWithHelloAsync(client, mcu);
            await mcu.SendAsync(FakeMcu.Reading(0, 2000, 8));
            await client.Readings.ReadAsync(Token);

            HelloFrame again = await mcu.ReadAdvancingAsync<HelloFrame>(time, TimeSpan.FromMilliseconds(100), Token);

            Assert.AreNotEqual(first.CommandId, again.CommandId);
            Assert.IsFalse(client.IsConnected);
            IReadOnlyList<Field> fields = await client.ReadAsync(time.GetUtcNow(), Token);
            Assert.IsTrue(fields.All(f => f.QoS == (FieldQoS.Missing | FieldQoS.Error)));
            Assert.IsTrue(time.GetUtcNow() - DateTimeOffset.UnixEpoch > TimeSpan.Zero);

            // The MCU comes back: a new session, readings start again at seq 0.
            await mcu.SendAsync(new HelloAckFrame(again.CommandId, 1, 3, 0xBEEF, 1, 0, "fake-mcu"));
            await mcu.SendAsync(FakeMcu.Supply);
            await mcu.SendAsync(FakeMcu.Energy);
            await mcu.SendAsync(FakeMcu.Relay);
            await mcu.SendAsync(FakeMcu.Reading(0, 2001, 9));
            FirmwareBridgeReading reading = await client.Readings.ReadAsync(Token);
            Assert.AreEqual((ushort)0, reading.Sequence);
            Assert.AreEqual(2, client.Statistics.Handshakes);
            Assert.AreEqual(0, client.Statistics.OutOfOrderReadings);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReceiveLoop_AnnounceDuringSession_HandshakesAgainAtOnce()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, _) = Create();
        await using (client)
        {
            HelloFrame first = await StartWithHelloAsync(client, mcu);

            await mcu.SendAsync(new AnnounceFrame(1, 1, 0xBEEF)); // the MCU rebooted

            HelloFrame again = await mcu.ReadAsync<HelloFrame>(Token);
            Assert.AreNotEqual(first.CommandId, again.CommandId);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetOutputAsync_Ack_ReturnsAcknowledged()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, _) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            Task<FirmwareBridgeCommandResult> set = client.SetOutputAsync(2, true, Token);
            CommandFrame command = await mcu.ReadAsync<CommandFrame>(Token);
            Assert.AreEqual(BridgeCommandOp.SetOutput, command.Op);
            Assert.AreEqual((byte)2, command.Channel);
            Assert.AreEqual(1, command.Value);

            await mcu.SendAsync(new AckFrame((ushort)(command.CommandId + 100))); // not ours: ignored, counted
            await mcu.SendAsync(new AckFrame(command.CommandId));

            Assert.AreEqual(FirmwareBridgeCommandResult.Ack, await set);
            Assert.AreEqual(1, client.Statistics.UnexpectedFrames);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetOutputAsync_Acked_TheNewStateIsReadAtOnceAndTheNextReadingWins()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            Task<FirmwareBridgeCommandResult> set = client.SetOutputAsync(2, true, Token);
            CommandFrame command = await mcu.ReadAsync<CommandFrame>(Token);
            await mcu.SendAsync(new AckFrame(command.CommandId));
            Assert.IsTrue((await set).Acknowledged);

            IReadOnlyList<Field> fields = await client.ReadAsync(time.GetUtcNow(), Token);
            Assert.AreEqual(new BooleanValue(true), fields[2].Value, "acknowledged before any READING reported it");
            Assert.AreEqual(FieldQoS.AutomaticReadout, fields[2].QoS);

            await mcu.SendAsync(FakeMcu.Reading(0, 2000, 0)); // the MCU reports the relay off again (e.g. its own interlock)
            await client.Readings.ReadAsync(Token);
            fields = await client.ReadAsync(time.GetUtcNow(), Token);
            Assert.AreEqual(new BooleanValue(false), fields[2].Value);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetOutputAsync_Nak_TheStateIsUnchanged()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            await mcu.SendAsync(FakeMcu.Reading(0, 2000, 0));
            await client.Readings.ReadAsync(Token);
            Task<FirmwareBridgeCommandResult> set = client.SetOutputAsync(2, true, Token);
            CommandFrame command = await mcu.ReadAsync<CommandFrame>(Token);
            await mcu.SendAsync(new NakFrame(command.CommandId, FirmwareBridgeNakReason.NotReady));
            Assert.IsFalse((await set).Acknowledged);

            IReadOnlyList<Field> fields = await client.ReadAsync(time.GetUtcNow(), Token);
            Assert.AreEqual(new BooleanValue(false), fields[2].Value);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetOutputAsync_Nak_ReturnsReasonAsData()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, _) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            Task<FirmwareBridgeCommandResult> set = client.SetOutputAsync(0, true, Token);
            CommandFrame command = await mcu.ReadAsync<CommandFrame>(Token);
            await mcu.SendAsync(new NakFrame(command.CommandId, FirmwareBridgeNakReason.BadChannel));

            FirmwareBridgeCommandResult result = await set;

            Assert.IsFalse(result.Acknowledged);
            Assert.AreEqual(FirmwareBridgeNakReason.BadChannel, result.Reason);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetOutputAsync_AckLost_RetriesWithSameIdThenSucceeds()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            Task<FirmwareBridgeCommandResult> set = client.SetOutputAsync(2, true, Token);
            CommandFrame first = await mcu.ReadAsync<CommandFrame>(Token);

            CommandFrame retry = await mcu.ReadAdvancingAsync<CommandFrame>(time, TimeSpan.FromMilliseconds(50), Token);
            await mcu.SendAsync(new AckFrame(retry.CommandId));

            Assert.AreEqual(first, retry);
            Assert.AreEqual(FirmwareBridgeCommandResult.Ack, await set);
            Assert.AreEqual(1, client.Statistics.CommandRetries);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetOutputAsync_NeverAnswered_ThrowsTimeoutAfterRetries()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, FakeTimeProvider time) = Create();
        await using (client)
        {
            await StartAsync(client, mcu);
            Task<FirmwareBridgeCommandResult> set = client.SetOutputAsync(2, true, Token);
            while (!set.IsCompleted)
            {
                // Keep the session alive while the command times out: the MCU is streaming, just not answering.
                await mcu.SendAsync(FakeMcu.Reading((ushort)client.Statistics.ReadingsAccepted, 1, 1));
                time.Advance(TimeSpan.FromMilliseconds(50));
                await Task.WhenAny(set, Task.Delay(5, Token));
            }

            await Assert.ThrowsExactlyAsync<FirmwareBridgeTimeoutException>(() => set);
            Assert.AreEqual(2, client.Statistics.CommandRetries);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetOutputAsync_BeforeSession_ThrowsBridgeException()
    {
        (FirmwareBridgeClient client, _, _) = Create();
        await using (client)
        {
            await Assert.ThrowsExactlyAsync<FirmwareBridgeException>(() => client.SetOutputAsync(2, true, Token));
            IReadOnlyList<Field> fields = await client.ReadAsync(DateTimeOffset.UnixEpoch, Token);
            Assert.AreEqual("bridge", fields.Single().Name);
            Assert.AreEqual(FieldQoS.Missing | FieldQoS.Error, fields[0].QoS);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DisposeAsync_PendingCommand_FailsItAndIsIdempotent()
    {
        (FirmwareBridgeClient client, FakeMcu mcu, _) = Create();
        await StartAsync(client, mcu);
        Task<FirmwareBridgeCommandResult> set = client.SetOutputAsync(2, true, Token);
        await mcu.ReadAsync<CommandFrame>(Token);

        await client.DisposeAsync();
        await client.DisposeAsync();

        await Assert.ThrowsExactlyAsync<FirmwareBridgeException>(() => set);
    }

    [TestMethod]
    public void Validate_BadOption_QuotesTheValue()
    {
        var options = new FirmwareBridgeOptions { CommandTimeout = TimeSpan.Zero };

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(options.Validate);

        StringAssert.Contains(error.Message, "00:00:00");
    }
}
