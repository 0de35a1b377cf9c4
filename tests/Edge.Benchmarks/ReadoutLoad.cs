using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Edge.Iot.SensorData;
using Edge.Testing.Iot;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Edge.Benchmarks -- readout [--count N]</c>: a device with one node of 50
/// numeric fields answers N XEP-0323 readouts (momentary, all fields) from a requester, both logged in to a private
/// Prosody, one readout at a time. Prints readouts/s, the process CPU per readout (device and requester together:
/// both run in this process) and the bytes of the fields message on the wire. Not a test: figures, not assertions.
/// <c>EDGE_BENCH_SM=0</c> turns stream management off for comparison.
/// </summary>
public static class ReadoutLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 2 && args[1] == "--count" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000;
        await using var server = await ProsodyServer.StartAsync();
        XmppClientOptions Options(string jid, string password, string resource)
        {
            var o = new XmppClientOptions
            {
                Jid = jid, Password = password, Resource = resource, Host = server.Host, Port = server.Port,
                PingInterval = TimeSpan.Zero,
                StreamManagement = Environment.GetEnvironmentVariable("EDGE_BENCH_SM") != "0",
            };
            o.Tls.CaFile = server.CaFile;
            return o;
        }

        var node = new ThingReference("meter");
        var provider = new FakeThingProvider(new ThingNode(node, "meter"));
        var t = DateTimeOffset.UtcNow;
        provider.SetFields(node, [.. Enumerable.Range(0, 50).Select(i =>
            new Field("Register " + i.ToString(CultureInfo.InvariantCulture), new NumericValue(230.1 + i, "V", 1), t))]);

        await using var device = new XmppClient(Options(TestAccounts.AgentJid, TestAccounts.AgentPassword, "bench-device"));
        await using var sensorData = SensorDataServer.Register(device, provider, new FakeAccessPolicy());
        await device.ConnectAsync(CancellationToken.None);
        await using var requester = new XmppClient(Options(TestAccounts.BackendJid, TestAccounts.BackendPassword, "bench-requester"));
        await requester.ConnectAsync(CancellationToken.None);
        var client = new SensorDataClient(requester);
        var deviceJid = device.BoundJid!;

        async Task ReadAsync()
        {
            var result = await client.ReadAsync(deviceJid, new ReadoutRequest(client.NextSeqNr(), ReadoutTypes.Momentary), null,
                CancellationToken.None);
            if (!result.Succeeded || result.Readings.Single().Fields.Count != 50)
            {
                throw new InvalidOperationException($"readout failed: {result.Outcome}");
            }
        }

        for (var i = 0; i < 200; i++)
        {
            await ReadAsync(); // warm-up
        }

        var process = Process.GetCurrentProcess();
        GC.Collect();
        var cpu0 = process.TotalProcessorTime;
        var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await ReadAsync();
        }

        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        var alloc = GC.GetTotalAllocatedBytes(precise: true) - alloc0;
        var fields = new FieldsMessage(1, [new Reading(node, t, [.. (await provider.ReadAsync(provider.RootNodes[0], Iot.ReadoutFilter.All, CancellationToken.None)).Fields], 0)], true);
        var message = new XElement(XNamespace.Get("jabber:client") + "message", new XAttribute("to", "backend@localhost/r"), fields.ToElement());
        var bytes = System.Text.Encoding.UTF8.GetByteCount(message.ToString(SaveOptions.DisableFormatting));
        Console.WriteLine($"{count} readouts of 50 fields in {wall.Elapsed.TotalSeconds:F2} s: {count / wall.Elapsed.TotalSeconds:F0} readouts/s");
        Console.WriteLine($"process CPU per readout (device + requester): {cpu.TotalMicroseconds / count:F0} µs; allocations {alloc / (double)count / 1024:F1} KiB");
        Console.WriteLine($"fields message of 50 fields: {bytes} B on the wire (before TLS)");
        return 0;
    }
}
