using System.Diagnostics;
using System.Globalization;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;
using Edge.Xmpp;

namespace Edge.Benchmarks;

/// <summary>
/// <c>Edge.Benchmarks gateway [--devices N] [--busy N] [--seconds S]</c>: the built <c>edge-gateway</c> process in front
/// of a private Prosody. N devices log in through it and stay connected (connections held, and the gateway's RSS per
/// device connection from /proc, idle); then <c>busy</c> of them ping the server as fast as they are answered for S
/// seconds (every ping is two stanzas relayed), with XML and with EXI (<c>Xmpp:Exi:Mode=require</c>) on the device link.
/// Figures, never assertions.
/// </summary>
public static class GatewayLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var devices = RegistryLoad.Option(args, "devices", 200);
        var busy = RegistryLoad.Option(args, "busy", 16);
        var seconds = RegistryLoad.Option(args, "seconds", 10);
        var ct = CancellationToken.None;
        var root = Directory.CreateTempSubdirectory("edge-gateway-bench-").FullName;
        try
        {
            await using var server = await ProsodyServer.StartAsync(ct);
            var port = FreePort();
            using var gateway = StartGateway(server, port, root);
            await WaitListeningAsync(port);
            var clientsDone = 0;
            var rssStart = Rss(gateway);
            Console.WriteLine($"gateway: edge-gateway pid {gateway.Id} in front of {server}; RSS at start {rssStart / 1024.0:F1} MiB");

            // A warm-up round of each kind first (JIT, heap growth), so the figures below are per device, not per first device.
            foreach (var exi in new[] { "off", "require", "off", "require" })
            {
                var warmUp = clientsDone < 2;
                clientsDone++;
                var count = warmUp ? Math.Min(10, devices) : devices;
                var clients = new List<XmppClient>();
                try
                {
                    var before = Rss(gateway);
                    var watch = Stopwatch.StartNew();
                    for (var i = 0; i < count; i++)
                    {
                        var options = new XmppClientOptions
                        {
                            Jid = TestAccounts.AgentJid, Password = TestAccounts.AgentPassword, Resource = $"bench-{exi}-{clientsDone}-{i}",
                            Host = server.Host, Port = port, PingInterval = TimeSpan.Zero, AutoReconnect = false,
                        };
                        options.Tls.CaFile = server.CaFile;
                        options.Exi.Mode = exi == "off" ? XmppExiMode.Off : XmppExiMode.Require;
                        var client = new XmppClient(options);
                        await client.ConnectAsync(ct);
                        clients.Add(client);
                    }

                    var connect = watch.Elapsed;
                    if (warmUp)
                    {
                        await Task.WhenAll(clients.Select(c => c.PingAsync(Jid.Parse(server.Domain), ct)));
                        continue;
                    }

                    await Task.Delay(1000, ct);
                    var held = Rss(gateway);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"gateway [{Label(exi)}]: {devices} devices logged in through it in {connect.TotalSeconds:F1} s ({devices / connect.TotalSeconds:F0}/s), held; gateway RSS {held / 1024.0:F1} MiB, {(held - before) / (double)devices:F1} KiB per device connection (gateway side and its server side)"));

                    var pings = 0L;
                    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
                    watch.Restart();
                    await Task.WhenAll(clients.Take(busy).Select(async c =>
                    {
                        while (!stop.IsCancellationRequested)
                        {
                            await c.PingAsync(Jid.Parse(server.Domain), ct);
                            Interlocked.Increment(ref pings);
                        }
                    }));
                    var elapsed = watch.Elapsed.TotalSeconds;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"gateway [{Label(exi)}]: {busy} devices pinging for {elapsed:F1} s: {pings / elapsed:F0} round trips/s = {2 * pings / elapsed:F0} stanzas relayed/s (device→server→device, two TLS hops); gateway RSS {Rss(gateway) / 1024.0:F1} MiB"));
                }
                finally
                {
                    foreach (var client in clients)
                    {
                        await client.DisposeAsync();
                    }
                }
            }

            gateway.Kill();
            await gateway.WaitForExitAsync(ct);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Label(string exi) => exi == "off" ? "XML device link" : "EXI device link";

    private static Process StartGateway(ProsodyServer server, int port, string root)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "edge-gateway")) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Gateway:Listen:Address"] = "127.0.0.1", ["Gateway:Listen:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Listen:DirectTlsPort"] = "0", ["Gateway:Certificate:CertificateFile"] = server.ServerCertificateFile,
            ["Gateway:Certificate:KeyFile"] = Path.Combine(server.Directory, "server.key"), ["Gateway:Server:Domain"] = server.Domain,
            ["Gateway:Server:Host"] = server.Host, ["Gateway:Server:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Server:Tls:CaFile"] = server.CaFile, ["Gateway:DataDirectory"] = Path.Combine(root, "data"),
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            start.ArgumentList.Add("--set");
            start.ArgumentList.Add(key + "=" + value);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("edge-gateway did not start");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task WaitListeningAsync(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("edge-gateway did not listen");
    }

    /// <summary>The process's resident set in KiB (VmRSS of /proc/PID/status).</summary>
    private static long Rss(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
