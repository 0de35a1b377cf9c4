using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Edge.Benchmarks -- publish [--count N]</c>: starts a private Prosody,
/// publishes N sensor-data items (one at a time, each awaiting its IQ result, as the agent's publisher does for a node's
/// first reading; the payload writes itself, <see cref="FieldsPayload"/>) and
/// prints the client's CPU time and managed allocations per item, and items/s; then the same number of items as the
/// agent's publisher sends them, in batches of 15 (one sampling cycle of the sim profile: one write per batch, each
/// answer handed on where it is read, <see cref="XmppClient.SendIqBatchAsync"/>; each payload written straight into the
/// connection's buffer, <see cref="FieldsPayload"/>). Not a test: figures, not assertions.
/// </summary>
public static class PublishLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 2 && args[1] == "--count" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
        await using var server = await ProsodyServer.StartAsync();
        var options = new XmppClientOptions
        {
            Jid = TestAccounts.AgentJid,
            Password = TestAccounts.AgentPassword,
            Resource = "bench",
            Host = server.Host,
            Port = server.Port,
            PingInterval = TimeSpan.Zero,
            StreamManagement = Environment.GetEnvironmentVariable("EDGE_BENCH_SM") != "0",
        };
        options.Tls.CaFile = server.CaFile;
        await using var client = new XmppClient(options);
        await client.ConnectAsync(CancellationToken.None);
        var pubsub = new PubSubClient(client);
        var service = Jid.Parse(server.PubSubService);
        var node = "bench/" + Guid.NewGuid().ToString("N");
        (await pubsub.CreateNodeAsync(service, node, new Dictionary<string, string> { ["pubsub#max_items"] = "10" }, CancellationToken.None))
            .EnsureSuccess("create");

        var reading = GridReading(DateTimeOffset.UtcNow);

        async Task PublishAsync(int i)
        {
            var payload = new FieldsPayload(reading, 0);
            (await pubsub.PublishAsync(service, node, "r" + i.ToString(CultureInfo.InvariantCulture), payload, null, CancellationToken.None))
                .EnsureSuccess("publish");
        }

        for (var i = 0; i < 200; i++)
        {
            await PublishAsync(i); // warm-up: JIT, TLS session, server caches
        }

        var process = Process.GetCurrentProcess();
        GC.Collect();
        var cpu0 = process.TotalProcessorTime;
        var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await PublishAsync(i);
        }

        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        var alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(FieldsElement.Create(reading, 0).ToString(SaveOptions.DisableFormatting));
        Console.WriteLine($"one at a time: published {count} items (payload {bytes} B) in {wall.Elapsed.TotalSeconds:F2} s: {count / wall.Elapsed.TotalSeconds:F0} items/s");
        Console.WriteLine($"  client CPU per item: {cpu.TotalMicroseconds / count:F1} µs (total {cpu.TotalSeconds:F2} s)");
        Console.WriteLine($"  client allocations per item: {alloc / (double)count / 1024:F1} KiB");

        const int Batch = 15;
        async Task PublishBatchAsync(int first)
        {
            var answered = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var requests = new IqRequest[Batch];
            for (var j = 0; j < Batch; j++)
            {
                var iq = pubsub.CreatePublish(service, node, "b" + (first + j).ToString(CultureInfo.InvariantCulture), new FieldsPayload(reading, 0), null);
                requests[j] = new IqRequest(iq, (response, failure) =>
                {
                    if (failure is not null || response!.IsError)
                    {
                        done.TrySetException(failure ?? new XmppStanzaErrorException("publish", response!.Error!));
                    }
                    else if (Interlocked.Increment(ref answered) == Batch)
                    {
                        done.TrySetResult();
                    }
                });
            }

            await client.SendIqBatchAsync(requests, CancellationToken.None);
            await done.Task;
        }

        for (var i = 0; i < 200; i += Batch)
        {
            await PublishBatchAsync(i);
        }

        GC.Collect();
        process.Refresh();
        cpu0 = process.TotalProcessorTime;
        alloc0 = GC.GetTotalAllocatedBytes(precise: true);
        wall.Restart();
        var batched = 0;
        for (; batched < count; batched += Batch)
        {
            await PublishBatchAsync(batched);
        }

        wall.Stop();
        process.Refresh();
        cpu = process.TotalProcessorTime - cpu0;
        alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
        Console.WriteLine($"in batches of {Batch}: published {batched} items in {wall.Elapsed.TotalSeconds:F2} s: {batched / wall.Elapsed.TotalSeconds:F0} items/s");
        Console.WriteLine($"  client CPU per item: {cpu.TotalMicroseconds / batched:F1} µs (total {cpu.TotalSeconds:F2} s)");
        Console.WriteLine($"  client allocations per item: {alloc / (double)batched / 1024:F1} KiB");
        Console.WriteLine($"peak working set of this process: {process.PeakWorkingSet64 / (1024 * 1024)} MiB");
        return 0;
    }

    /// <summary>The reading every publish benchmark sends: a grid meter's four fields at one time.</summary>
    internal static Reading GridReading(DateTimeOffset t) => new(new ThingReference("grid"), t,
    [
        new Field("Voltage", new NumericValue(231.5, "V", 1), t),
        new Field("Current", new NumericValue(8.75, "A", 2), t),
        new Field("Power", new NumericValue(2022.3, "W", 1), t),
        new Field("Energy", new NumericValue(1234.508, "kWh", 3), t),
    ], 1);
}
