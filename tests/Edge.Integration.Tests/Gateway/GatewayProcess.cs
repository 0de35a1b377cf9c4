using System.Diagnostics;
using System.Globalization;
using System.Text;
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
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _directTls;

    private GatewayProcess(IEnumerable<string> arguments, bool directTls)
    {
        _directTls = directTls;
        var binary = Environment.GetEnvironmentVariable("EDGE_GATEWAY_BINARY") is { Length: > 0 } b ? b : Path.Combine(AppContext.BaseDirectory, "edge-gateway");
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The STARTTLS port devices connect to.</summary>
    public int Port { get; private set; }

    /// <summary>The direct TLS port (0 unless asked for).</summary>
    public int DirectTlsPort { get; private set; }

    public bool HasExited => _process.HasExited;

    public string DataDirectory { get; private set; } = string.Empty;

    /// <summary>The settings for the fixture's server (a port 0 turns that listener off).</summary>
    public static List<string> Arguments(string data, int port = 0, int directTlsPort = 0)
    {
        var server = Server.Xmpp;
        return
        [
            "--set", "Gateway:Listen:Address=127.0.0.1",
            "--set", "Gateway:Listen:Port=" + port.ToString(CultureInfo.InvariantCulture),
            "--set", "Gateway:Listen:DirectTlsPort=" + directTlsPort.ToString(CultureInfo.InvariantCulture),
            "--set", "Gateway:Certificate:CertificateFile=" + server.ServerCertificateFile,
            "--set", "Gateway:Certificate:KeyFile=" + Path.Combine(server.Directory, "server.key"),
            "--set", "Gateway:Server:Domain=" + server.Domain,
            "--set", "Gateway:Server:Host=" + server.Host,
            "--set", "Gateway:Server:Port=" + server.Port.ToString(CultureInfo.InvariantCulture),
            "--set", "Gateway:Server:Tls:CaFile=" + server.CaFile,
            "--set", "Gateway:DataDirectory=" + data,
        ];
    }

    /// <summary>Starts a gateway and waits until it listens (ports 0: free ones). <paramref name="extra"/>: more arguments.</summary>
    public static async Task<GatewayProcess> StartAsync(string data, CancellationToken cancellationToken, int port = 0,
        bool directTls = false, int directTlsPort = 0, params string[] extra)
    {
        // 0 would turn a listener off: a free port is picked here (and the same one is passed again for a restart).
        var arguments = Arguments(data, port == 0 ? FreePort() : port, !directTls ? 0 : directTlsPort == 0 ? FreePort() : directTlsPort);
        var gateway = new GatewayProcess([.. arguments, .. extra], directTls) { DataDirectory = data };
        var ended = gateway._process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(gateway._listening.Task, ended, Task.Delay(Wait, cancellationToken)) != gateway._listening.Task)
        {
            var output = gateway.Output;
            gateway.Dispose();
            Assert.Fail("edge-gateway did not start listening: " + output);
        }

        return gateway;
    }

    public static async Task<(int Exit, string Output)> RunToEndAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var gateway = new GatewayProcess(arguments, directTls: false);
        await gateway._process.WaitForExitAsync(cancellationToken).WaitAsync(Wait, cancellationToken);
        gateway._process.WaitForExit(); // the output handlers have run
        return (gateway._process.ExitCode, gateway.Output);
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Whether the gateway logged a line containing <paramref name="text"/>.</summary>
    public bool Logged(string text) => Output.Contains(text, StringComparison.Ordinal);

    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then the exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken).WaitAsync(Wait, cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        // "[7001] Listening for devices on 127.0.0.1:PORT (STARTTLS)"
        if (ListeningLine().Match(line) is { Success: true } m)
        {
            var port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            if (m.Groups[2].Value == "STARTTLS")
            {
                Port = port;
            }
            else
            {
                DirectTlsPort = port;
            }

            if (Port != 0 && (!_directTls || DirectTlsPort != 0))
            {
                _listening.TrySetResult();
            }
        }
    }

    [GeneratedRegex(@"\[7001\] Listening for devices on [^ ]+:(\d+) \((STARTTLS|direct TLS)\)")]
    private static partial Regex ListeningLine();
}
