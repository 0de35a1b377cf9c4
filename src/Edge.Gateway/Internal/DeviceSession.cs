using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Exi;
using Edge.Xmpp.Transport;

namespace Edge.Gateway.Internal;

/// <summary>
/// One device, end to end: its stream is taken here (TLS with the gateway's certificate), an ordinary TLS XML stream is
/// opened to the server for it, SASL passes through untouched (the server checks the credentials), both streams
/// restart, and then every first-level element is relayed as it is in both directions (<see cref="RelayAsync"/>).
/// </summary>
/// <remarks>
/// The gateway never keeps a credential: SASL elements are written on as they are read and not logged. SCRAM's
/// <c>-PLUS</c> variants are withheld from the device: channel binding would bind to the gateway's TLS with the server,
/// which the device cannot see (RFC 5802 §6). Stream management (XEP-0198) needs nothing here: <c>&lt;enable/&gt;</c>,
/// <c>&lt;r/&gt;</c>, <c>&lt;a/&gt;</c> and <c>&lt;resume/&gt;</c> are first-level elements like any other, counted
/// by the device and the server, and a device that vanishes without closing its stream leaves the server's session
/// resumable because the gateway then cuts the server connection without closing the stream either.
/// </remarks>
internal sealed partial class DeviceSession(DeviceTransport transport, DeviceBinding binding, GatewayContext context) : IAsyncDisposable
{
    private static readonly XNamespace Tls = "urn:ietf:params:xml:ns:xmpp-tls";
    private static readonly XNamespace Sasl2 = "urn:xmpp:sasl:2";
    private static readonly XNamespace CompressFeature = ExiNamespaces.CompressFeature;

    private readonly DeviceConnection _device = new(transport, context.Options.Limits.MaxStanzaBytes);
    private XmppStream? _server;
    private bool _headerSent;
    private long _up;
    private long _down;

    public string Remote => transport.Remote;

    /// <summary>Serves the device until either side ends; never throws (every end is logged and counted).</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        var reason = "ended";
        try
        {
            using var negotiation = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            negotiation.CancelAfter(context.Options.Limits.NegotiationTimeout);
            string stream;
            try
            {
                stream = await NegotiateAsync(negotiation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!shutdown.IsCancellationRequested)
            {
                throw new XmppProtocolException("connection-timeout",
                    $"The device did not complete TLS, SASL and the stream restart within {context.Options.Limits.NegotiationTimeout}.");
            }

            Log.Relaying(context.Logger, Remote, context.Options.Server.EffectiveHost + ":" + context.Options.Server.Port, stream);
            context.Counters.RelayStarted();
            try
            {
                reason = await RelayAsync(shutdown).ConfigureAwait(false);
            }
            finally
            {
                context.Counters.RelayEnded();
            }
        }
        catch (XmppProtocolException e)
        {
            // The device sent something malformed, oversize or out of order: that stream ends, nothing else does.
            reason = $"stream error {e.StreamErrorCondition}: {e.Message}";
            await RefuseAsync(e.StreamErrorCondition, e.Message).ConfigureAwait(false);
        }
        catch (ServerUnavailableException e)
        {
            Log.ServerUnavailable(context.Logger, Remote, context.Options.Server.EffectiveHost + ":" + context.Options.Server.Port, e.Message);
            reason = "the server is unavailable";
            await RefuseAsync("remote-connection-failed", "The gateway cannot reach the XMPP server.").ConfigureAwait(false);
        }
        catch (XmppConnectionException e)
        {
            reason = e.Message;
            AbortServer();
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            reason = "gateway shutting down";
            AbortServer();
        }
#pragma warning disable CA1031 // one device's unexpected failure is logged and ends that device only, never the gateway
        catch (Exception e)
#pragma warning restore CA1031
        {
            reason = "unexpected failure: " + e.Message;
            Log.SessionFailed(context.Logger, Remote, e);
            AbortServer();
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }

        Log.DeviceClosed(context.Logger, Remote, reason, _up, _down);
    }

    /// <summary>Releases both connections (idempotent: the transports are). <see cref="RunAsync"/> ends with it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        await _device.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>TLS with the device, the server stream, SASL through, the restart. Returns the server's stream id.</summary>
    private async Task<string> NegotiateAsync(CancellationToken cancellationToken)
    {
        var domain = context.Domain;
        if (binding == DeviceBinding.DirectTls)
        {
            await transport.AcceptTlsAsync(context.Certificate, cancellationToken).ConfigureAwait(false);
        }
        else if (binding == DeviceBinding.ExiOnly)
        {
            // XEP-0322 §2.4: EXI from the first byte, in the default options and schema; everything below (STARTTLS,
            // SASL through, the restarts) runs on this codec as on the XML one.
            _device.Stream.UseExiOnlyBinding();
        }

        await ReadDeviceHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (!transport.IsTls)
        {
            // RFC 6120 §5.3.1: TLS is mandatory here, so the first features offer only STARTTLS, required.
            await SendHeaderAsync(Guid.NewGuid().ToString("N"),
                new XElement(XmppNamespaces.Streams + "features", new XElement(Tls + "starttls", new XElement(Tls + "required"))),
                cancellationToken).ConfigureAwait(false);
            var request = await ReadDeviceElementAsync(cancellationToken).ConfigureAwait(false);
            if (request.Name != Tls + "starttls")
            {
                throw new XmppProtocolException("policy-violation", $"<{request.Name.LocalName}/> before STARTTLS: TLS is required.");
            }

            _device.Write(new XElement(Tls + "proceed"));
            await _device.FlushAsync(cancellationToken).ConfigureAwait(false);
            await transport.AcceptTlsAsync(context.Certificate, cancellationToken).ConfigureAwait(false);
            _headerSent = false;
            await ReadDeviceHeaderAsync(cancellationToken).ConfigureAwait(false);
        }

        var features = await ConnectServerAsync(cancellationToken).ConfigureAwait(false);
        await SendHeaderAsync(StreamId(), ForDevice(features, authenticated: false), cancellationToken).ConfigureAwait(false);
        await AuthenticateThroughAsync(cancellationToken).ConfigureAwait(false);

        // RFC 6120 §6.4.6: both sides restart the stream after SASL success; the device first, then we upstream
        // (its 'from' is the JID it authenticated as), then the server's new features go to the device.
        _headerSent = false;
        var header = await ReadDeviceHeaderAsync(cancellationToken).ConfigureAwait(false);
        features = await _server!.OpenAsync(domain, (string?)header.Attribute("from"), cancellationToken).ConfigureAwait(false);
        _relayFeatures = features;
        await SendHeaderAsync(StreamId(), ForDevice(features, authenticated: true), cancellationToken).ConfigureAwait(false);
        return StreamId();
    }

    /// <summary>The TLS XML stream to the server for this device, through STARTTLS: the server's first features.</summary>
    private async Task<XElement> ConnectServerAsync(CancellationToken cancellationToken)
    {
        var server = context.Options.Server;
        var upstream = new TcpTransport();
        _server = new XmppStream(upstream, context.Options.Limits.MaxStanzaBytes, context.Logger);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(server.ConnectTimeout);
        try
        {
            await upstream.ConnectAsync(server.EffectiveHost, server.Port, connect.Token).ConfigureAwait(false);
            var features = await _server.OpenAsync(server.Domain, null, connect.Token).ConfigureAwait(false);
            return await _server.StartTlsAsync(features, server.Domain, null, server.Tls, connect.Token).ConfigureAwait(false);
        }
        catch (XmppException e)
        {
            throw new ServerUnavailableException(e.Message, e);
        }
        catch (OperationCanceledException e) when (connect.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnavailableException($"no answer within {server.ConnectTimeout}", e);
        }
    }

    /// <summary>
    /// SASL (RFC 6120 §6.4) passed through: each device element goes to the server and the server's answer comes back,
    /// until success. A failure goes back too; the device may try again or close.
    /// </summary>
    private async Task AuthenticateThroughAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var element = await ReadDeviceElementAsync(cancellationToken).ConfigureAwait(false);
            if (element.Name.Namespace != XmppNamespaces.Sasl)
            {
                // RFC 6120 §4.9.3.12: nothing but SASL before authentication.
                throw new XmppProtocolException("not-authorized", $"<{element.Name.LocalName}/> before authentication.");
            }

            _server!.Write(element);
            await _server.FlushAsync(cancellationToken).ConfigureAwait(false);
            var (kind, answer) = await _server.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (kind == XmppFrameKind.StreamEnd || answer is null)
            {
                throw new ServerUnavailableException("the server closed the stream during SASL", null);
            }

            _device.Write(answer);
            await _device.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (answer.Name == XmppNamespaces.Streams + "error")
            {
                throw new XmppConnectionException(ConnectionFailure.StreamError, "the server ended the stream during SASL");
            }

            if (answer.Name == XmppNamespaces.Sasl + "success")
            {
                Log.SaslOutcome(context.Logger, Remote, "accepted");
                return;
            }

            if (answer.Name == XmppNamespaces.Sasl + "failure")
            {
                Log.SaslOutcome(context.Logger, Remote, "refused");
            }
        }
    }

    /// <summary>
    /// The server's features as the device may use them: STARTTLS is done (with the gateway), SCRAM <c>-PLUS</c> and
    /// SASL2 would bind to the wrong TLS channel or bypass the relay's restart, and the server's own compression methods
    /// are not relayed (the stream between gateway and server is plain XML). After authentication, on an XML stream,
    /// the gateway's own <c>exi</c> method is offered instead (XEP-0322 §2.2, XEP-0138 §2).
    /// </summary>
    private XElement ForDevice(XElement features, bool authenticated)
    {
        var copy = new XElement(features);
        copy.Elements(Tls + "starttls").Remove();
        copy.Elements(Sasl2 + "authentication").Remove();
        copy.Elements(CompressFeature + "compression").Remove();
        copy.Element(XmppNamespaces.Sasl + "mechanisms")?.Elements(XmppNamespaces.Sasl + "mechanism")
            .Where(m => m.Value.Trim().EndsWith("-PLUS", StringComparison.Ordinal)).Remove();
        if (authenticated && context.Options.Exi.Enabled && _device.Stream.Exi is null)
        {
            copy.Add(new XElement(CompressFeature + "compression", new XElement(CompressFeature + "method", ExiNamespaces.Method)));
        }

        return copy;
    }

    private string StreamId() => (string?)_server?.PeerHeader?.Attribute("id") ?? Guid.NewGuid().ToString("N");

    private async Task<XElement> ReadDeviceHeaderAsync(CancellationToken cancellationToken)
    {
        var header = await _device.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var to = (string?)header.Attribute("to");
        if (!string.Equals(to, context.Domain, StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6120 §4.9.3.6: the gateway fronts one domain.
            throw new XmppProtocolException("host-unknown", $"This gateway serves {context.Domain}, not '{to}'.");
        }

        return header;
    }

    private async Task<XElement> ReadDeviceElementAsync(CancellationToken cancellationToken)
    {
        var (kind, element) = await _device.ReadAsync(cancellationToken).ConfigureAwait(false);
        return kind == XmppFrameKind.StreamEnd || element is null
            ? throw new XmppConnectionException(ConnectionFailure.StreamError, "The device closed its stream during negotiation.")
            : element;
    }

    private async Task SendHeaderAsync(string id, XElement features, CancellationToken cancellationToken)
    {
        _headerSent = true;
        await _device.SendHeaderAsync(context.Domain, id, features, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefuseAsync(string condition, string text)
    {
        Log.DeviceRefused(context.Logger, Remote, condition, text);
        context.Counters.RefusedOne();
        await _device.SendStreamErrorAsync(context.Domain, _headerSent, condition, text).ConfigureAwait(false);
        await CloseServerAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the server stream cleanly (the session ends; nothing to resume): the device's stream ended for good.</summary>
    private async Task CloseServerAsync()
    {
        if (_server is null)
        {
            return;
        }

        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            _server.WriteEnd();
            await _server.FlushAsync(bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is XmppException or OperationCanceledException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Cuts the server connection without closing the stream, so the server keeps the session resumable.</summary>
    private void AbortServer() => _server?.Transport.Abort();

    private void AbortDevice() => transport.Abort();

    private sealed class ServerUnavailableException(string message, Exception? inner) : Exception(message, inner);
}
