using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;

namespace Edge.Xmpp.Transport;

/// <summary>A transport over an already connected stream (in-memory pipes in tests); base of <see cref="TcpTransport"/>.</summary>
public class StreamTransport : IXmppTransport
{
    private Stream? _stream;
    private IDuplexPipe? _pipe;
    private SslStream? _tls;
    private int _disposed;

    public StreamTransport()
    {
    }

    public StreamTransport(Stream connected)
    {
        ArgumentNullException.ThrowIfNull(connected);
        SetStream(connected);
    }

    public IDuplexPipe Pipe => _pipe ?? throw new InvalidOperationException("The transport is not connected.");

    public bool IsEncrypted => _tls is not null;

    /// <summary>The TLS protocol in use, once encrypted.</summary>
    public SslProtocols? TlsProtocol => _tls?.SslProtocol;

    public virtual Task ConnectAsync(string host, int port, CancellationToken cancellationToken) =>
        _stream is null ? throw new InvalidOperationException("A StreamTransport is connected at construction.") : Task.CompletedTask;

    public async Task UpgradeToTlsAsync(string targetHost, XmppTlsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inner = _stream ?? throw new InvalidOperationException("The transport is not connected.");
        var validator = new CertificateValidator(targetHost, options);
        var tls = new SslStream(inner, leaveInnerStreamOpen: false, validator.Validate);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateChainPolicy = CertificateValidator.ChainPolicy(),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new XmppConnectionException(ConnectionFailure.Tls,
                $"TLS with {targetHost} failed: {validator.FailureReason ?? e.Message}", e);
        }
        catch (IOException e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new XmppConnectionException(ConnectionFailure.Tls, $"TLS with {targetHost} failed: {e.Message}", e);
        }

        _tls = tls;
        SetStream(tls);
    }

    public virtual void Abort()
    {
        _stream?.Dispose();
    }

    protected void SetStream(Stream stream)
    {
        // The previous pipe's reader/writer are abandoned without closing the stream under them: TLS takes it over.
        _stream = stream;
        // Zero-byte reads: an idle connection waits for data without a buffer, and SslStream keeps none either (it
        // rents its own only while a record is being read). Without them every idle session held a 4 KiB pipe segment
        // and SslStream's buffer: the bulk of a connected client's memory when a thousand share a process (edge fleet).
        _pipe = new DuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true, minimumReadSize: 4096, useZeroByteReads: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    protected virtual async ValueTask DisposeCoreAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
