using System.Diagnostics;
using System.Globalization;
using System.Text;
using Edge.Agent;
using Edge.Agent.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Benchmarks.Replay;

/// <summary>
/// <c>Edge.Benchmarks outbox-append [--cycles N] [--old-readings N] [--dir DIR]</c>: append throughput and fsyncs per
/// 1,000 readings of the <see cref="DurableOutbox"/> (cycles of 10 readings, as the sampler appends them) against the
/// one-file-per-entry outbox of commit b68920b, reproduced here as it wrote (temporary file, fsync, rename, then the
/// same for the sequence counter: two fsyncs per reading). On the disk under <c>--dir</c> (default: the temp folder).
/// Not a test: figures, not assertions.
/// </summary>
public static class OutboxAppendLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cycles = Option(args, "cycles", 300);
        var oldReadings = Option(args, "old-readings", 2000);
        var root = Directory.CreateDirectory(Path.Combine(OptionText(args, "dir", Path.GetTempPath()), "edge-append-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var data = new ReplayData(10, Math.Max(cycles, 3600), "edge/");
        try
        {
            Console.WriteLine($"{"outbox",-72} {"readings",8} {"seconds",8} {"readings/s",10} {"fsyncs",7} {"fsync/1k",9}");
            await NewAsync("DurableOutbox, one cycle of 10 at a time (awaited; CommitDelay 20 ms)", data, cycles, new OutboxOptions(), false, root);
            await NewAsync("DurableOutbox, one cycle of 10 at a time (awaited; CommitDelay 0)", data, cycles,
                new OutboxOptions { CommitDelay = TimeSpan.Zero }, false, root);
            await NewAsync("DurableOutbox, 3,600 cycles of 10 at once (a burst)", data, 3600, new OutboxOptions(), true, root);
            Old("old outbox (reproduced), one file per reading, cycles of 10", data, oldReadings, root);
            Console.WriteLine("(fsyncs: the DurableOutbox's own count of its fsync calls (segments and directory); the old one: two per reading, as it wrote)");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task NewAsync(string label, ReplayData data, int cycles, OutboxOptions options, bool burst, string root)
    {
        options.MaxEntries = 1_000_000;
        options.MaxBytes = 1L << 30;
        var directory = Path.Combine(root, "new-" + Guid.NewGuid().ToString("N")[..8]);
        await using var outbox = new DurableOutbox(directory, options, TimeProvider.System, NullLogger.Instance);
        var batches = Enumerable.Range(0, cycles).Select(c => Enumerable.Range(c * 10, 10).Select(data.Reading).ToArray()).ToArray();
        var fsyncs0 = outbox.Fsyncs;
        var clock = Stopwatch.StartNew();
        if (burst)
        {
            await Task.WhenAll(batches.Select(b => outbox.AppendAsync(b, CancellationToken.None)));
        }
        else
        {
            foreach (var batch in batches)
            {
                await outbox.AppendAsync(batch, CancellationToken.None);
            }
        }

        clock.Stop();
        Print(label, cycles * 10, clock.Elapsed, outbox.Fsyncs - fsyncs0);
    }

    /// <summary>b68920b's <c>DurableOutbox.Append</c>: the entry and the counter, each written atomically.</summary>
    private static void Old(string label, ReplayData data, int readings, string root)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, "old")).FullName;
        var payloads = Enumerable.Range(0, readings)
            .Select(i => data.PubSubNode(i % data.Nodes) + "\n" + data.ItemId(i / data.Nodes) + "\n" + ReplayData.Payload(data.Reading(i))).ToArray();
        var fsyncs = 0L;
        var clock = Stopwatch.StartNew();
        for (var seq = 0; seq < readings; seq++)
        {
            WriteAtomically(Path.Combine(directory, seq.ToString("D19", CultureInfo.InvariantCulture) + ".entry"), payloads[seq]);
            WriteAtomically(Path.Combine(directory, "next-sequence"), (seq + 1).ToString(CultureInfo.InvariantCulture));
            fsyncs += 2;
        }

        clock.Stop();
        Print(label, readings, clock.Elapsed, fsyncs);
    }

    private static void WriteAtomically(string path, string content)
    {
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }

    private static void Print(string label, int readings, TimeSpan elapsed, long fsyncs) =>
        Console.WriteLine($"{label,-72} {readings,8} {elapsed.TotalSeconds,8:F2} {readings / elapsed.TotalSeconds,10:F0} {fsyncs,7} {fsyncs * 1000.0 / readings,9:F1}");

    private static string OptionText(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.Parse(OptionText(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
