using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Edge.Gateway.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Gateway;

/// <summary>
/// The EXI link gateway, composed: the listening sockets (STARTTLS and direct TLS), one <c>DeviceSession</c> per device
/// relaying its stream to the server, the connection limit. <c>Program</c> runs one from configuration; tests and
/// the benchmark run one in-process the same way.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly GatewayContext _context;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _sessions = new();
    private readonly List<(Socket Socket, Task Loop)> _listeners = [];
    private int _disposed;

    /// <exception cref="ArgumentException">The options are invalid (every problem listed), or the certificate cannot be read.</exception>
    public GatewayHost(GatewayOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid gateway options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Edge.Gateway");
        Directory.CreateDirectory(options.DataDirectory);
        _context = new GatewayContext(options, LoadCertificate(options.Certificate), _logger, Counters,
            ExiStore.Open(options.Exi, options.DataDirectory, _logger));
    }

    public GatewayCounters Counters { get; } = new();

    /// <summary>The STARTTLS port actually bound (the configured one, or the one the system chose for 0 in tests).</summary>
    public int Port { get; private set; }

    /// <summary>The direct TLS port actually bound; 0 when off.</summary>
    public int DirectTlsPort { get; private set; }

    /// <summary>The EXI-only binding's port (XEP-0322 §2.4) actually bound; 0 when off.</summary>
    public int ExiOnlyPort { get; private set; }

    /// <summary>Binds the listening sockets and starts accepting devices.</summary>
    /// <exception cref="SocketException">A port cannot be bound (in use, no permission).</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var server = _options.Server;
        Log.Starting(_logger, server.Domain, server.EffectiveHost, server.Port, Path.GetFullPath(_options.DataDirectory));
        var listen = _options.Listen;
        if (listen.Port != 0)
        {
            Port = Listen(listen.Port, DeviceBinding.StartTls);
        }

        if (listen.DirectTlsPort != 0)
        {
            DirectTlsPort = Listen(listen.DirectTlsPort, DeviceBinding.DirectTls);
        }

        if (listen.ExiOnlyPort != 0)
        {
            ExiOnlyPort = Listen(listen.ExiOnlyPort, DeviceBinding.ExiOnly);
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops accepting and cuts every device connection (and its server connection) without closing the streams.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        foreach (var (socket, _) in _listeners)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_listeners.Select(l => l.Loop));
        var open = _sessions.Count;
        await Task.WhenAll(_sessions.Keys);
        _context.Certificate.Dispose();
        _stop.Dispose();
        Log.Stopped(_logger, open);
    }

    private int Listen(int port, DeviceBinding binding)
    {
        var address = _options.Listen.ParsedAddress();
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var endpoint = (IPEndPoint)socket.LocalEndPoint!;
        Log.Listening(_logger, endpoint.ToString(), Name(binding));
        _listeners.Add((socket, Task.Run(() => AcceptLoopAsync(socket, endpoint.ToString(), binding))));
        return endpoint.Port;
    }

    private static string Name(DeviceBinding binding) => binding switch
    {
        DeviceBinding.DirectTls => "direct TLS",
        DeviceBinding.ExiOnly => "EXI-only (XEP-0322 §2.4)",
        _ => "STARTTLS",
    };

    private async Task AcceptLoopAsync(Socket listener, string endpoint, DeviceBinding binding)
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket device;
            try
            {
                device = await listener.AcceptAsync(token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && token.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A connection reset before it was accepted, or out of descriptors: keep accepting.
                Log.AcceptFailed(_logger, endpoint, e);
                await Task.Delay(100, CancellationToken.None);
                continue;
            }

            if (Counters.Open >= _options.Limits.MaxConnections)
            {
                _ = RefuseAsync(device, binding);
                continue;
            }

            Counters.Opened();
            var session = new DeviceSession(DeviceTransport.Accepted(device), binding, _context);
            Log.DeviceConnected(_logger, session.Remote, Name(binding));
            var run = Task.Run(() => session.RunAsync(token), CancellationToken.None);
            _sessions.TryAdd(run, 0);
            _ = run.ContinueWith(t =>
            {
                _sessions.TryRemove(t, out _);
                Counters.Closed();
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>One connection too many: RFC 6120 §4.9.1.1 header, <c>policy-violation</c>, close — in clear, before TLS.</summary>
    private async Task RefuseAsync(Socket device, DeviceBinding binding)
    {
        Log.ConnectionLimit(_logger, _options.Limits.MaxConnections, device.RemoteEndPoint?.ToString() ?? "(unknown)");
        Counters.RefusedOne();
        if (binding == DeviceBinding.ExiOnly)
        {
            // The EXI-only port's devices read EXI only (XEP-0322 §2.4.2: non-EXI data makes them give up, unexplained).
            await using var exi = new DeviceConnection(DeviceTransport.Accepted(device), _options.Limits.MaxStanzaBytes);
            exi.Stream.UseExiOnlyBinding();
            await exi.SendStreamErrorAsync(_options.Server.Domain, headerSent: false, "policy-violation", "The gateway is at its connection limit.");
            return;
        }

        using (device)
        {
            var text = DeviceConnection.HeaderText(_options.Server.Domain, Guid.NewGuid().ToString("N"))
                + "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>The gateway is at its connection limit.</text></stream:error></stream:stream>";
            try
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await device.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, bound.Token);
                device.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Gone already.
            }
        }
    }

    private static X509Certificate2 LoadCertificate(GatewayCertificateOptions options)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);

            // Re-imported so the key is usable by SslStream on every platform (an ephemeral PEM key is not, on some).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException(
                $"Gateway:Certificate: cannot load '{options.CertificateFile}' with key '{options.KeyFile}': {e.Message}", nameof(options), e);
        }
    }
}
