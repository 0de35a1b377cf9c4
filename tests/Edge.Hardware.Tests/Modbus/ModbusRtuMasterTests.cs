using Edge.Hardware.Modbus;
using Edge.Hardware.Profiles;
using Edge.Hardware.Simulation;

namespace Edge.Hardware.Tests.Modbus;

/// <summary>Codec and framing tests against the in-process simulated slave (no pty, no processes).</summary>
[TestClass]
public sealed class ModbusRtuMasterTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Compute_KnownFrames_GiveTheirCrc()
    {
        // "01 03 00 00 00 0A" goes on the wire with CRC bytes C5 CD; the serial-line spec's example (02 07) ends 41 12.
        Assert.AreEqual(0xCDC5, ModbusCrc.Compute([0x01, 0x03, 0x00, 0x00, 0x00, 0x0A]));
        Assert.AreEqual(0x1241, ModbusCrc.Compute([0x02, 0x07]));
    }

    [TestMethod]
    [DataRow(9600, 4.0104)]
    [DataRow(19200, 2.0052)]
    [DataRow(115200, 1.75)]
    public void InterFrameDelay_ByBaud_Is3Point5Characters(int baud, double milliseconds)
    {
        Assert.AreEqual(milliseconds, new ModbusRtuOptions { BaudRate = baud }.InterFrameDelay.TotalMilliseconds, 1e-3);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadInputRegisters_SimulatedSlave_ReturnsRegisters()
    {
        var stream = new SimulatedModbusSlaveStream();
        SimulatedModbusUnit unit = stream.AddUnit(3);
        unit.InputRegisters[5] = 0x1234;
        unit.InputRegisters[6] = 0xABCD;
        await using var master = new ModbusRtuMaster(stream);

        ushort[] r = await master.ReadInputRegistersAsync(3, 5, 2, TestContext.CancellationTokenSource.Token);

        CollectionAssert.AreEqual(new ushort[] { 0x1234, 0xABCD }, r);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task SecondTransaction_WaitsTheSilenceOnTimers_WithoutSpinning()
    {
        // At 9600 baud the silence is 4.0104 ms. Timers count whole milliseconds: a wait for the last fraction (after a
        // 4 ms timer) was a zero delay, a completed task, and the wait looped reading the clock until the fraction was
        // over (a busy spin on every transaction; here, with the clock stopped, until the test moves it).
        var stream = new SimulatedModbusSlaveStream();
        stream.AddUnit(1).HoldingRegisters[0] = 7;
        var time = new CountingFakeTime();
        await using var master = new ModbusRtuMaster(stream, new ModbusRtuOptions { BaudRate = 9600 }, time);
        var token = TestContext.CancellationTokenSource.Token;
        Assert.AreEqual(7, (await master.ReadHoldingRegistersAsync(1, 0, 1, token))[0]);

        var second = master.ReadHoldingRegistersAsync(1, 0, 1, token).AsTask();
        var advanced = 0;
        var readsWhileStopped = new List<long>();
        while (!second.IsCompleted && advanced < 10)
        {
            var before = time.Reads;
            await Task.Delay(50, token); // the clock stands still: a spinning wait reads it again and again meanwhile
            readsWhileStopped.Add(time.Reads - before);
            time.Advance(TimeSpan.FromMilliseconds(1));
            advanced++;
            await Task.Delay(20, token);
        }

        Assert.AreEqual(7, (await second.WaitAsync(TimeSpan.FromSeconds(5), token))[0]);
        Assert.IsTrue(advanced >= 5, $"the second request went after {advanced} ms of silence (4.0104 ms needed)");
        Assert.IsTrue(readsWhileStopped.Max() <= 2, $"clock reads while it stood still: {string.Join(", ", readsWhileStopped)}");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadRegisters_PlanOfSeveralBlocks_OneJobReturnsEachBlockInOrder()
    {
        var stream = new SimulatedModbusSlaveStream();
        SimulatedModbusUnit unit = stream.AddUnit(2);
        unit.InputRegisters[0x10] = 1;
        unit.InputRegisters[0x11] = 2;
        unit.HoldingRegisters[4] = 40;
        unit.InputRegisters[0x156] = 0x0156;
        await using var master = new ModbusRtuMaster(stream);

        ushort[][] blocks = await master.ReadRegistersAsync(2,
            [new(ModbusRegisterBank.Input, 0x10, 2), new(ModbusRegisterBank.Holding, 4, 1), new(ModbusRegisterBank.Input, 0x156, 1)],
            TestContext.CancellationTokenSource.Token);

        Assert.HasCount(3, blocks);
        CollectionAssert.AreEqual(new ushort[] { 1, 2 }, blocks[0]);
        CollectionAssert.AreEqual(new ushort[] { 40 }, blocks[1]);
        CollectionAssert.AreEqual(new ushort[] { 0x0156 }, blocks[2]);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadRegisters_OneBlockRefused_FailsTheJobAndTheBusGoesOn()
    {
        var stream = new SimulatedModbusSlaveStream();
        stream.AddUnit(1, new SimulatedModbusUnit(inputRegisters: 8)).InputRegisters[0] = 5;
        await using var master = new ModbusRtuMaster(stream);
        var token = TestContext.CancellationTokenSource.Token;

        ModbusException e = await Assert.ThrowsExactlyAsync<ModbusException>(() => master.ReadRegistersAsync(1,
            [new(ModbusRegisterBank.Input, 0, 1), new(ModbusRegisterBank.Input, 100, 2)], token));

        Assert.AreEqual(ModbusExceptionCode.IllegalDataAddress, e.Code);
        Assert.AreEqual(5, (await master.ReadInputRegistersAsync(1, 0, 1, token))[0]);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadRegisters_CancelledWhileWaitingForAnAnswer_EndsLongBeforeTheTimeout()
    {
        // Unit 9 does not exist: the bus thread waits the whole response timeout (30 s) unless the job's cancellation
        // wakes it.
        var stream = new SimulatedModbusSlaveStream();
        await using var master = new ModbusRtuMaster(stream, new ModbusRtuOptions { ResponseTimeout = TimeSpan.FromSeconds(30), Retries = 0 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<OperationCanceledException>(() => master.ReadRegistersAsync(9, [new(ModbusRegisterBank.Input, 0, 1)], cancel.Token));

        Assert.IsLessThan(5.0, watch.Elapsed.TotalSeconds, $"cancelled after {watch.Elapsed}");
        Assert.AreEqual(0, master.Timeouts);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DisposeAsync_JobWaitingForAnAnswer_FailsItAndTheQueuedOnes()
    {
        var stream = new SimulatedModbusSlaveStream();
        var master = new ModbusRtuMaster(stream, new ModbusRtuOptions { ResponseTimeout = TimeSpan.FromSeconds(30), Retries = 0 });
        var token = TestContext.CancellationTokenSource.Token;
        Task<ushort[]> waiting = master.ReadInputRegistersAsync(9, 0, 1, token).AsTask();
        Task<ushort[]> queued = master.ReadInputRegistersAsync(9, 1, 1, token).AsTask();
        await Task.Delay(100, token);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await master.DisposeAsync();

        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => waiting);
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => queued);
        Assert.IsLessThan(5.0, watch.Elapsed.TotalSeconds, $"disposed after {watch.Elapsed}");
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(async () => await master.ReadInputRegistersAsync(1, 0, 1, token));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ReadHoldingRegisters_OneCorruptAnswer_RetriedAndSucceeds()
    {
        var stream = new SimulatedModbusSlaveStream { CorruptNextAnswer = true };
        stream.AddUnit(1).HoldingRegisters[0] = 42;
        await using var master = new ModbusRtuMaster(stream, new ModbusRtuOptions { Retries = 1 });

        ushort[] r = await master.ReadHoldingRegistersAsync(1, 0, 1, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(42, r[0]);
        Assert.AreEqual(1, master.CorruptFrames);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task WriteSingleRegister_OutOfRange_ThrowsIllegalDataAddress()
    {
        var stream = new SimulatedModbusSlaveStream();
        stream.AddUnit(1, new SimulatedModbusUnit(holdingRegisters: 4));
        await using var master = new ModbusRtuMaster(stream);

        ModbusException e = await Assert.ThrowsExactlyAsync<ModbusException>(
            async () => await master.WriteSingleRegisterAsync(1, 10, 1, TestContext.CancellationTokenSource.Token));

        Assert.AreEqual(ModbusExceptionCode.IllegalDataAddress, e.Code);
    }

    [TestMethod]
    public void Decode_Float32WordOrders_AreBothSupported()
    {
        var r = new MeterRegister("V", 0, ModbusRegisterBank.Input, ModbusValueType.Float32, "V", 1);
        Span<ushort> regs = stackalloc ushort[2];

        r.Encode(230.1, regs, ModbusWordOrder.LowFirst);

        // 230.1f is 0x4366199A; low word first puts 0x199A at the lower address.
        Assert.AreEqual(0x199A, regs[0]);
        Assert.AreEqual(0x4366, regs[1]);
        Assert.AreEqual(230.1, r.Decode(regs, ModbusWordOrder.LowFirst), 1e-4);
        Assert.AreNotEqual(230.1, r.Decode(regs, ModbusWordOrder.HighFirst), 1);
    }

    [TestMethod]
    public void PlanReads_Sdm120_GroupsNearbyRegistersWithinLimit()
    {
        MeterProfile profile = MeterProfile.Parse("""
            { "name": "t", "maxRegistersPerRead": 10, "registers": [
              { "name": "a", "address": 0 }, { "name": "b", "address": 6 }, { "name": "c", "address": "0x0046" } ] }
            """, "t.json");

        var plan = profile.PlanReads();

        Assert.AreEqual(2, plan.Count);
        Assert.AreEqual((ushort)0, plan[0].Start);
        Assert.AreEqual((ushort)8, plan[0].Count);
        Assert.AreEqual((ushort)0x46, plan[1].Start);
    }

    [TestMethod]
    [DataRow("""{ "name": "t", "registers": [ { "name": "a", "adress": 0 } ] }""", "registers[0].address")]
    [DataRow("""{ "name": "t", "registers": [ { "name": "a", "address": 0, "type": "Float64" } ] }""", "registers[0].type")]
    [DataRow("""{ "name": "t", "registers": [ { "name": "a", "address": 70000 } ] }""", "registers[0].address")]
    [DataRow("""{ "registers": [] }""", "name")]
    public void Parse_BadProfile_ErrorNamesKey(string json, string key)
    {
        ProfileException e = Assert.ThrowsExactly<ProfileException>(() => MeterProfile.Parse(json, "bad.json"));

        Assert.AreEqual(key, e.Key, e.Message);
    }

    /// <summary>A fake clock that counts how often it is read.</summary>
    private sealed class CountingFakeTime : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        private long _reads;

        public long Reads => Interlocked.Read(ref _reads);

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            return base.GetTimestamp();
        }
    }
}
