using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.Testing.Servers;

/// <summary>
/// One file served over plain HTTP on loopback, answering every connection with it and counting the connections: for
/// tests that prove a component fetches nothing (a schemaLocation, a certificate's AIA address) while a fetch would work.
/// </summary>
public sealed class LoopbackHttpFile : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _connections;

    /// <param name="path">The path part of <see cref="Url"/>, e.g. <c>/x.xsd</c>.</param>
    /// <param name="contentType">The Content-Type of the answer.</param>
    /// <param name="body">The file.</param>
    public LoopbackHttpFile(string path, string contentType, byte[] body)
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";
        _serving = ServeAsync(contentType, body);
    }

    /// <summary>Gets the URL of the file.</summary>
    public string Url { get; }

    /// <summary>Gets how many connections were accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _serving.ConfigureAwait(false);
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync(string contentType, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _connections);
                var stream = client.GetStream();
                await stream.WriteAsync(head, _stop.Token).ConfigureAwait(false);
                await stream.WriteAsync(body, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
