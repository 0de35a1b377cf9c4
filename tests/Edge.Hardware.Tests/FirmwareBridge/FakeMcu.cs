using Edge.Hardware.FirmwareBridge;
using Edge.Hardware.FirmwareBridge.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>The MCU end of an in-memory duplex stream: a test script that reads host frames and sends MCU frames.</summary>
internal sealed class FakeMcu(Stream stream)
{
    public static readonly ChannelFrame Supply = new(0, FirmwareBridgeChannelKind.Analog, 2, 100, 0, 330, 409500, "V", "supply");
    public static readonly ChannelFrame Energy = new(1, FirmwareBridgeChannelKind.Counter, 0, 100, 0, 1000, 800, "Wh", "energy");
    public static readonly ChannelFrame Relay = new(2, FirmwareBridgeChannelKind.Output, 0, 100, 0, 1, 1, "", "relay");

    private readonly BridgeFrameReader _reader = new();
    private readonly byte[] _buffer = new byte[256];
    private readonly Queue<BridgeFrame> _received = new();

    public Task SendAsync(BridgeFrame frame) => SendRawAsync(BridgeFrameCodec.Encode(frame));

    public async Task SendRawAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async Task<T> ReadAsync<T>(CancellationToken cancellationToken)
        where T : BridgeFrame
    {
        while (true)
        {
            while (_received.TryDequeue(out BridgeFrame? frame))
            {
                if (frame is T wanted)
                {
                    return wanted;
                }
            }

            int n = await stream.ReadAsync(_buffer, cancellationToken);
            Assert.AreNotEqual(0, n, "the host closed the stream");
            for (int i = 0; i < n; i++)
            {
                if (_reader.Push(_buffer[i], out BridgeFrame? frame, out BridgeFrameError error))
                {
                    Assert.IsNotNull(frame, $"the host sent a broken frame: {error}");
                    _received.Enqueue(frame);
                }
            }
        }
    }

    /// <summary>Reads the next frame of type T while advancing the fake clock, so the host's timers can fire.</summary>
    public async Task<T> ReadAdvancingAsync<T>(FakeTimeProvider time, TimeSpan step, CancellationToken cancellationToken)
        where T : BridgeFrame
    {
        Task<T> read = ReadAsync<T>(cancellationToken);
        while (!read.IsCompleted)
        {
            await Task.WhenAny(read, Task.Delay(20, cancellationToken));
            if (!read.IsCompleted)
            {
                time.Advance(step);
            }
        }

        return await read;
    }

    /// <summary>Answers the host's HELLO with a HELLO_ACK and the three channel descriptors.</summary>
    public async Task<HelloFrame> HandshakeAsync(CancellationToken cancellationToken)
    {
        HelloFrame hello = await ReadAsync<HelloFrame>(cancellationToken);
        await SendAsync(new HelloAckFrame(hello.CommandId, 1, 3, 0xBEEF, 1, 0, "fake-mcu"));
        await SendAsync(Supply);
        await SendAsync(Energy);
        await SendAsync(Relay);
        return hello;
    }

    public static ReadingFrame Reading(ushort seq, int supply, int energy, int relay = 0) =>
        new(seq, (uint)(seq * 100), [
            new BridgeSample(0, BridgeSampleStatus.Ok, supply),
            new BridgeSample(1, BridgeSampleStatus.Ok, energy),
            new BridgeSample(2, BridgeSampleStatus.Ok, relay),
        ]);
}
