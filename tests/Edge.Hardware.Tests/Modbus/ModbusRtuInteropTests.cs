using Edge.Hardware.Modbus;
using Edge.Hardware.Serial;
using Edge.Things;

namespace Edge.Hardware.Tests.Modbus;

/// <summary>The C# master against an independent RTU slave (pymodbus on a socat pty pair). Runs in CI, never skips.</summary>
[TestClass]
[TestCategory("Interop")]
public sealed class ModbusRtuInteropTests
{
    private static PymodbusSlaveFixture? _fixture;

    public TestContext TestContext { get; set; } = null!;

    private static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Edge.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Edge.sln not found above the test output.");
        }
    }

    [ClassInitialize]
    public static void Start(TestContext _) => _fixture = new PymodbusSlaveFixture();

    [ClassCleanup]
    public static void Stop() => _fixture?.Dispose();

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadInputRegisters_Float32Voltage_Reads230Point1()
    {
        await using ModbusRtuMaster master = Open();

        ushort[] registers = await master.ReadInputRegistersAsync(1, 0x0000, 2, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(230.1f, BitConverter.UInt32BitsToSingle(((uint)registers[0] << 16) | registers[1]));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadAsync_Sdm120Profile_ReadsEveryValue()
    {
        await using ModbusRtuMaster master = Open();
        MeterProfile profile = MeterProfile.Load(Path.Combine(RepoRoot, "hardware", "meters", "sdm120.json"));
        await using var meter = new ModbusMeter(new ThingReference("sdm120"), master, 1, profile);

        IReadOnlyList<Field> fields = await meter.ReadAsync(DateTimeOffset.UnixEpoch, TestContext.CancellationTokenSource.Token);

        Assert.IsNull(meter.LastFailure);
        double Value(string name) => ((NumericValue)fields.Single(f => f.Name == name).Value).Value;
        Assert.AreEqual(230.1, Value("Voltage"), 1e-4);
        Assert.AreEqual(5.25, Value("Current"), 1e-6);
        Assert.AreEqual(1208.0, Value("Active power"), 1e-3);
        Assert.AreEqual(-77.75, Value("Reactive power"), 1e-4);
        Assert.AreEqual(49.98, Value("Frequency"), 1e-4);
        Assert.AreEqual(12345.678, Value("Import active energy"), 1e-3);
        Assert.AreEqual(12346.178, Value("Total active energy"), 1e-3);
        Assert.IsTrue(fields.All(f => f.QoS == FieldQoS.AutomaticReadout));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadInputRegisters_PastTheMap_ThrowsIllegalDataAddress()
    {
        await using ModbusRtuMaster master = Open();

        ModbusException e = await Assert.ThrowsExactlyAsync<ModbusException>(
            async () => await master.ReadInputRegistersAsync(1, 0x1000, 2, TestContext.CancellationTokenSource.Token));

        Assert.AreEqual(ModbusExceptionCode.IllegalDataAddress, e.Code);
        Assert.AreEqual(ModbusFunctionCode.ReadInputRegisters, e.Function);
        Assert.AreEqual(1, e.UnitId);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadInputRegisters_CorruptCrc_RetriesThenThrowsFrameError()
    {
        await using ModbusRtuMaster master = Open(retries: 2);

        ModbusFrameException e = await Assert.ThrowsExactlyAsync<ModbusFrameException>(
            async () => await master.ReadInputRegistersAsync(7, 0, 2, TestContext.CancellationTokenSource.Token));

        StringAssert.Contains(e.Message, "CRC");
        Assert.AreEqual(3, master.CorruptFrames);
        Assert.AreEqual(0, master.Timeouts);

        // The line resynchronises: the next request to a good unit succeeds.
        ushort[] ok = await master.ReadInputRegistersAsync(1, 0x0046, 2, TestContext.CancellationTokenSource.Token);
        Assert.AreEqual(49.98f, BitConverter.UInt32BitsToSingle(((uint)ok[0] << 16) | ok[1]));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadInputRegisters_NoSlaveAtUnit_TimesOutAfterRetries()
    {
        await using ModbusRtuMaster master = Open(retries: 1, timeout: TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsExactlyAsync<ModbusTimeoutException>(
            async () => await master.ReadInputRegistersAsync(42, 0, 2, TestContext.CancellationTokenSource.Token));

        Assert.AreEqual(2, master.Timeouts);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task WriteRegisters_SingleAndMultiple_ReadBackFromHoldingRegisters()
    {
        await using ModbusRtuMaster master = Open();
        CancellationToken ct = TestContext.CancellationTokenSource.Token;

        await master.WriteSingleRegisterAsync(1, 10, 0xBEEF, ct);
        await master.WriteMultipleRegistersAsync(1, 20, new ushort[] { 1, 2, 65535 }, ct);

        CollectionAssert.AreEqual(new ushort[] { 0xBEEF }, await master.ReadHoldingRegistersAsync(1, 10, 1, ct));
        CollectionAssert.AreEqual(new ushort[] { 1, 2, 65535 }, await master.ReadHoldingRegistersAsync(1, 20, 3, ct));
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadAsync_MeterWithoutSlave_FieldsMissingNotThrown()
    {
        await using ModbusRtuMaster master = Open(retries: 0, timeout: TimeSpan.FromMilliseconds(200));
        MeterProfile profile = MeterProfile.Load(Path.Combine(RepoRoot, "hardware", "meters", "sdm630.json"));
        await using var meter = new ModbusMeter(new ThingReference("absent"), master, 99, profile);

        IReadOnlyList<Field> fields = await meter.ReadAsync(DateTimeOffset.UnixEpoch, TestContext.CancellationTokenSource.Token);

        Assert.AreEqual(profile.Registers.Count, fields.Count);
        Assert.IsTrue(fields.All(f => f.QoS == (FieldQoS.Missing | FieldQoS.Error)));
        StringAssert.Contains(meter.LastFailure, nameof(ModbusTimeoutException));
    }

    private static ModbusRtuMaster Open(int retries = 2, TimeSpan? timeout = null) =>
        new(SerialStreams.OpenSerialPort(_fixture!.MasterPath, PymodbusSlaveFixture.Baud), new ModbusRtuOptions
        {
            BaudRate = PymodbusSlaveFixture.Baud,
            Retries = retries,
            ResponseTimeout = timeout ?? TimeSpan.FromSeconds(1),
        });
}
