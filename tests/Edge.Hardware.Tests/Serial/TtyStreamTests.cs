using Edge.Hardware.Serial;
using Edge.Testing.Serial;

namespace Edge.Hardware.Tests.Serial;

/// <summary><see cref="TtyStream"/> on a socat pty pair: async reads on its reader thread, cancellation, closing.</summary>
[TestClass]
[TestCategory("Serial")]
public sealed class TtyStreamTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadAsync_PeerWrites_CompletesWithTheBytes()
    {
        using var pair = new SocatPtyPair();
        await using TtyStream stream = SerialStreams.OpenSerialPort(pair.PathA, 115200);
        await using TtyStream peer = SerialStreams.OpenSerialPort(pair.PathB, 115200);
        byte[] buffer = new byte[16];
        ValueTask<int> read = stream.ReadAsync(buffer, TestContext.CancellationTokenSource.Token);

        await peer.WriteAsync(new byte[] { 0xC0, 0xFF, 0xEE }, TestContext.CancellationTokenSource.Token);
        await peer.FlushAsync(TestContext.CancellationTokenSource.Token);

        int n = await read;
        CollectionAssert.AreEqual(new byte[] { 0xC0, 0xFF, 0xEE }, buffer[..n]);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadAsync_Cancelled_CompletesCancelledAndTheNextReadGetsLaterBytes()
    {
        using var pair = new SocatPtyPair();
        await using TtyStream stream = SerialStreams.OpenSerialPort(pair.PathA, 9600);
        await using TtyStream peer = SerialStreams.OpenSerialPort(pair.PathB, 9600);
        using var cancel = new CancellationTokenSource();
        ValueTask<int> read = stream.ReadAsync(new byte[16], cancel.Token);
        await Task.Delay(100, TestContext.CancellationTokenSource.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await read);
        await peer.WriteAsync(new byte[] { 42 }, TestContext.CancellationTokenSource.Token);
        byte[] buffer = new byte[16];
        Assert.AreEqual(1, await stream.ReadAsync(buffer, TestContext.CancellationTokenSource.Token));
        Assert.AreEqual(42, buffer[0]);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task Dispose_ReadPending_FailsItWithObjectDisposed()
    {
        using var pair = new SocatPtyPair();
        TtyStream stream = SerialStreams.OpenSerialPort(pair.PathA, 9600);
        ValueTask<int> read = stream.ReadAsync(new byte[16], TestContext.CancellationTokenSource.Token);
        await Task.Delay(100, TestContext.CancellationTokenSource.Token);

        await stream.DisposeAsync();

        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(async () => await read);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ReadAsync_PtyHangsUp_FailsWithSerialPortException()
    {
        using var pair = new SocatPtyPair();
        await using TtyStream stream = SerialStreams.OpenSerialPort(pair.PathA, 9600);
        ValueTask<int> read = stream.ReadAsync(new byte[16], TestContext.CancellationTokenSource.Token);
        await Task.Delay(100, TestContext.CancellationTokenSource.Token);

        pair.Hangup();

        SerialPortException e = await Assert.ThrowsExactlyAsync<SerialPortException>(async () => await read);
        StringAssert.Contains(e.Message, "hung up");
    }
}
