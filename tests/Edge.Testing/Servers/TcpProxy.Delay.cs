using System.Net.Sockets;
using System.Threading.Channels;

namespace Edge.Testing.Servers;

/// <summary>
/// The delayed pump: a long link on loopback. Each direction has a receiver that stamps every chunk it reads with the
/// time it may leave, and a sender that sends each chunk at that time, so bytes are late by the delay but as many are
/// in flight as the peers send (latency, not a bandwidth limit). Bounded: at most <see cref="MaxQueuedChunks"/> chunks
/// of at most 16 KiB wait per direction; past that the receiver stops reading and TCP flow control slows the sender.
/// </summary>
public sealed partial class TcpProxy
{
    /// <summary>The longest one-way delay <see cref="Start(string, int, TimeSpan)"/> accepts.</summary>
    public static readonly TimeSpan MaxOneWayDelay = TimeSpan.FromSeconds(5);

    private const int MaxQueuedChunks = 4096;

    /// <summary>How long each byte is held back in each direction (zero: forwarded at once).</summary>
    public TimeSpan OneWayDelay { get; }

    /// <summary>Copies one direction with the delay. True on a clean end of stream (passed on late too), false on failure.</summary>
    private async Task<bool> PumpDelayedAsync(Socket from, Socket to)
    {
        var time = TimeProvider.System;
        var queue = Channel.CreateBounded<DelayedChunk>(new BoundedChannelOptions(MaxQueuedChunks)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var sender = SendDelayedAsync(queue.Reader, to, time, failed);
        var buffer = new byte[BufferSize];
        var clean = false;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, failed.Token);
                var due = time.GetTimestamp() + (long)(OneWayDelay.TotalSeconds * time.TimestampFrequency);
                await queue.Writer.WriteAsync(new DelayedChunk(due, buffer.AsSpan(0, read).ToArray()), failed.Token);
                if (read == 0)
                {
                    clean = true;
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or ChannelClosedException)
        {
            await failed.CancelAsync(); // the sender stops too
        }

        queue.Writer.TryComplete();
        return await sender && clean;
    }

    /// <summary>Sends each chunk once it is due; an empty chunk is the end of stream (a half-close).</summary>
    private static async Task<bool> SendDelayedAsync(ChannelReader<DelayedChunk> queue, Socket to, TimeProvider time, CancellationTokenSource failed)
    {
        try
        {
            await foreach (var chunk in queue.ReadAllAsync(failed.Token))
            {
                var wait = time.GetElapsedTime(time.GetTimestamp(), chunk.Due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, failed.Token);
                }

                if (chunk.Bytes.Length == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return true;
                }

                var sent = 0;
                while (sent < chunk.Bytes.Length)
                {
                    sent += await to.SendAsync(chunk.Bytes.AsMemory(sent), SocketFlags.None, failed.Token);
                }
            }

            return false; // completed without an end of stream: the receiving side failed
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            await failed.CancelAsync(); // the receiver stops too
            return false;
        }
    }

    /// <summary>Bytes read at one time and the timestamp (<see cref="TimeProvider.GetTimestamp"/>) they may leave at.</summary>
    private readonly record struct DelayedChunk(long Due, byte[] Bytes);
}
