using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.Integration.Tests.Gateway;

/// <summary>
/// One <c>edge-gateway</c> process started by a test in front of the fixture's server (and only ever signalled by it):
/// the apphost beside the tests, or the binary named by <c>EDGE_GATEWAY_BINARY</c> (CI may point it at the NativeAOT
/// build). It presents the server's own certificate (it names the domain, so devices trust it with the same CA file).
/// </summary>
internal sealed partial class GatewayProcess : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _directTls;
    private readonly bool _exiOnly;
    private readonly HostProcess _host;

    private GatewayProcess(IEnumerable<string> arguments, bool directTls, bool exiOnly)
    {
        _directTls = directTls;
        _exiOnly = exiOnly;
        _host = new HostProcess(Binary, arguments, OnLine);
    }

    private static string Binary =>
        Environment.GetEnvironmentVariable("EDGE_GATEWAY_BINARY") is { Length: > 0 } b ? b : Path.Combine(AppContext.BaseDirectory, "edge-gateway");

    /// <summary>The STARTTLS port devices connect to.</summary>
    public int Port { get; private set; }

    /// <summary>The direct TLS port (0 unless asked for).</summary>
    public int DirectTlsPort { get; private set; }

    /// <summary>The EXI-only binding's port (XEP-0322 §2.4; 0 unless asked for).</summary>
    public int ExiOnlyPort { get; private set; }

    public bool HasExited => _host.HasExited;

    public string DataDirectory { get; private set; } = string.Empty;

    /// <summary>The settings for the fixture's server (a port 0 turns that listener off).</summary>
    public static List<string> Arguments(string data, int port = 0, int directTlsPort = 0, int exiOnlyPort = 0)
    {
        var server = Server.Xmpp;
        return
        [
            "--set", "Gateway:Listen:Address=127.0.0.1",
            "--set", "Gateway:Listen:Port=" + port.ToString(CultureInfo.InvariantCulture),
            "--set", "Gateway:Listen:DirectTlsPort=" + directTlsPort.ToString(CultureInfo.InvariantCulture),
            "--set", "Gateway:Listen:ExiOnlyPort=" + exiOnlyPort.ToString(CultureInfo.InvariantCulture),
            "--set", "Gateway:Certificate:CertificateFile=" + server.ServerCertificateFile,
            "--set", "Gateway:Certificate:KeyFile=" + Path.Combine(server.Directory, "server.key"),
            "--set", "Gateway:Server:Domain=" + server.Domain,
            "--set", "Gateway:Server:Host=" + server.Host,
            "--set", "Gateway:Server:Port=" + server.Port.ToString(CultureInfo.InvariantCulture),
            "--set", "Gateway:Server:Tls:CaFile=" + server.CaFile,
            "--set", "Gateway:DataDirectory=" + data,
        ];
    }

    /// <summary>
    /// Starts a gateway and waits until it listens (ports 0: free ones). <paramref name="exiOnly"/>: the EXI-only port
    /// too (<paramref name="exiOnlyPort"/>, or a free one). <paramref name="extra"/>: more arguments.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(string data, CancellationToken cancellationToken, int port = 0,
        bool directTls = false, int directTlsPort = 0, bool exiOnly = false, int exiOnlyPort = 0, params string[] extra)
    {
        // 0 would turn a listener off: a free port is picked here (and the same one is passed again for a restart).
        var arguments = Arguments(data, port == 0 ? FreePort() : port, !directTls ? 0 : directTlsPort == 0 ? FreePort() : directTlsPort,
            !exiOnly ? 0 : exiOnlyPort == 0 ? FreePort() : exiOnlyPort);
        var gateway = new GatewayProcess([.. arguments, .. extra], directTls, exiOnly) { DataDirectory = data };
        if (!await gateway._host.WaitUntilAsync(gateway._listening.Task, Wait, cancellationToken))
        {
            var output = gateway.Output;
            gateway.Dispose();
            Assert.Fail("edge-gateway did not start listening: " + output);
        }

        return gateway;
    }

    public static Task<(int Exit, string Output)> RunToEndAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        HostProcess.RunToEndAsync(Binary, arguments, Wait, cancellationToken);

    public string Output => _host.Output;

    /// <summary>Whether the gateway logged a line containing <paramref name="text"/>.</summary>
    public bool Logged(string text) => Output.Contains(text, StringComparison.Ordinal);

    /// <summary>
    /// Waits (10 s at most) until the gateway has logged <paramref name="text"/>: its output is read from a pipe, so a
    /// line written as it answered a device may reach the test after the answer did.
    /// </summary>
    public Task WaitForLogAsync(string text, string what) =>
        Clients.WaitUntilAsync(() => Logged(text), TimeSpan.FromSeconds(10), what, () => Output);

    public void Kill() => _host.Kill();

    /// <summary>SIGTERM, then the exit code.</summary>
    public Task<int> TerminateAsync(CancellationToken cancellationToken) => _host.TerminateAsync(Wait, cancellationToken);

    public void Dispose() => _host.Dispose();

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void OnLine(string line)
    {
        // "[7001] Listening for devices on 127.0.0.1:PORT (STARTTLS)"
        if (ListeningLine().Match(line) is { Success: true } m)
        {
            var port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (m.Groups[2].Value == "STARTTLS")
            {
                Port = port;
            }
            else if (m.Groups[2].Value == "direct TLS")
            {
                DirectTlsPort = port;
            }
            else
            {
                ExiOnlyPort = port;
            }

            if (Port != 0 && (!_directTls || DirectTlsPort != 0) && (!_exiOnly || ExiOnlyPort != 0))
            {
                _listening.TrySetResult();
            }
        }
    }

    [GeneratedRegex(@"\[7001\] Listening for devices on [^ ]+:(\d+) \((STARTTLS|direct TLS|EXI-only)")]
    private static partial Regex ListeningLine();
}
