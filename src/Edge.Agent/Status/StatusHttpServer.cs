using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Agent.Provisioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Status;

/// <summary>
/// The agent's own small HTTP/1.1 server (one socket, no web framework: see the README for what Kestrel would add to
/// the binary): <c>/</c> the status page, <c>/fragment</c> its live part, <c>/metrics</c> Prometheus text,
/// <c>/healthz</c> 200 or 503 with the reason. Read-only, GET and HEAD only, one request per connection. Bounded
/// against hostile peers: at most <see cref="HttpOptions.MaxConnections"/> connections (more get 503 at once), a head
/// of at most <see cref="HttpRequestHead.MaxBytes"/> bytes, and <see cref="HttpOptions.RequestTimeout"/> for the
/// whole exchange (a slow sender is cut). Binds at start, so a port in use stops the agent with a clear error.
/// </summary>
public sealed class StatusHttpServer(StatusSource source, HttpOptions options, ILogger<StatusHttpServer> logger) : BackgroundService
{
    private readonly HttpAccess _access = new(options.Token);
    private readonly Lock _qrLock = new();
    private Socket? _listener;
    private int _open;
    private (string Uri, string Svg)? _qr;

    /// <summary>The address and port bound (with the port chosen when 0 was configured); null before start.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        IPEndPoint endpoint = options.ParseEndpoint();
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(endpoint);
            listener.Listen(16);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new InvalidOperationException($"Agent:Http:Listen '{options.Listen}' cannot be bound: {e.Message}", e);
        }

        _listener = listener;
        Endpoint = (IPEndPoint)listener.LocalEndPoint!;
        Log.HttpListening(logger, Endpoint.ToString(), string.IsNullOrEmpty(options.Token) ? "127.0.0.1 and ::1 only" : "127.0.0.1 and ::1, others with the token");
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Socket listener = _listener!;
        using var stop = stoppingToken.Register(listener.Dispose);
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            catch (SocketException e)
            {
                Log.HttpAcceptFailed(logger, e.Message); // e.g. out of file descriptors: the next accept may work
                await Task.Delay(100, stoppingToken).ConfigureAwait(false);
                continue;
            }

            bool full = Interlocked.Increment(ref _open) > options.MaxConnections;
            _ = Task.Run(() => ServeAsync(connection, full, stoppingToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket connection, bool full, CancellationToken stoppingToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HttpRequestHead.MaxBytes + 1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(full ? TimeSpan.FromSeconds(1) : options.RequestTimeout);
        IPAddress remote = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        try
        {
            connection.NoDelay = true;
            if (full)
            {
                Log.HttpTooManyConnections(logger, remote.ToString(), options.MaxConnections);
                await RespondAsync(connection, 503, "text/plain; charset=utf-8", "Too many connections.\n", head: false, deadline.Token).ConfigureAwait(false);
                return;
            }

            int length = 0;
            int end = -1;
            while (end < 0 && length <= HttpRequestHead.MaxBytes)
            {
                int read = await connection.ReceiveAsync(buffer.AsMemory(length, HttpRequestHead.MaxBytes + 1 - length), deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return; // the peer went before finishing its request
                }

                int from = Math.Max(0, length - 3);
                length += read;
                end = HttpRequestHead.FindEnd(buffer.AsSpan(from, length - from)) is var e and >= 0 ? from + e : -1;
            }

            if (!HttpRequestHead.TryParse(buffer.AsSpan(0, end < 0 ? length : end), out var request, out int status, out string reason))
            {
                Log.HttpBadRequest(logger, remote.ToString(), status, reason);
                await RespondAsync(connection, status, "text/plain; charset=utf-8", reason + "\n", head: false, deadline.Token).ConfigureAwait(false);
                return;
            }

            bool head = request.Method == "HEAD";
            if (!_access.Allows(remote, request.Authorization))
            {
                Log.HttpUnauthorized(logger, remote.ToString(), request.Path, request.Authorization is not null);
                await RespondAsync(connection, 401, "text/plain; charset=utf-8", "A token is needed from this address.\n", head, deadline.Token,
                    "WWW-Authenticate: Basic realm=\"edge\", charset=\"UTF-8\"\r\n").ConfigureAwait(false);
                return;
            }

            (int code, string type, string body) = Route(request.Path);
            await RespondAsync(connection, code, type, body, head, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                Log.HttpTimedOut(logger, remote.ToString(), options.RequestTimeout);
            }
        }
        catch (SocketException e)
        {
            Log.HttpConnectionFailed(logger, remote.ToString(), e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            connection.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    private (int Code, string Type, string Body) Route(string path)
    {
        switch (path)
        {
            case "/":
                return (200, "text/html; charset=utf-8", StatusPage.Render(source.Snapshot(), QrSvg));
            case "/fragment":
                return (200, "text/html; charset=utf-8", StatusPage.Fragment(source.Snapshot(), QrSvg));
            case "/metrics":
                return (200, PrometheusText.ContentType, PrometheusText.Write(source.Snapshot()));
            case "/healthz":
                bool healthy = source.Snapshot().IsHealthy(out string reason);
                return (healthy ? 200 : 503, "text/plain; charset=utf-8", (healthy ? "ok: " : "unhealthy: ") + reason + "\n");
            default:
                return (404, "text/plain; charset=utf-8", "Not found: /, /metrics and /healthz are served.\n");
        }
    }

    /// <summary>The claim QR code as an inline SVG element, rendered once per claim URI.</summary>
    private string QrSvg(string uri)
    {
        lock (_qrLock)
        {
            if (_qr is not { } qr || qr.Uri != uri)
            {
                string svg = ClaimQr.ToSvg(uri);
                int start = svg.IndexOf("<svg", StringComparison.Ordinal);
                _qr = qr = (uri, start < 0 ? svg : svg[start..]); // without the XML declaration: inline in HTML
            }

            return qr.Svg;
        }
    }

    private static async Task RespondAsync(Socket connection, int code, string type, string body, bool head, CancellationToken cancellationToken,
        string extraFields = "")
    {
        byte[] content = Encoding.UTF8.GetBytes(body);
        string fields = $"HTTP/1.1 {code} {Reason(code)}\r\nContent-Type: {type}\r\nContent-Length: {content.Length}\r\nCache-Control: no-store\r\n"
            + "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n"
            + "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:\r\n"
            + extraFields + "Connection: close\r\n\r\n";
        await connection.SendAsync(Encoding.ASCII.GetBytes(fields), cancellationToken).ConfigureAwait(false);
        if (!head)
        {
            await connection.SendAsync(content, cancellationToken).ConfigureAwait(false);
        }

        connection.Shutdown(SocketShutdown.Send);
    }

    private static string Reason(int code) => code switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };
}
