using System.Xml.Linq;
using Edge.Xmpp;
using Edge.Xmpp.Exi;

namespace Edge.Gateway.Internal;

/// <summary>
/// XEP-0322 terminated at the gateway: the device negotiates EXI with the gateway (never with the server, which only
/// ever sees XML), after authentication, where XEP-0170 puts compression. Setup, uploads and compress are answered
/// here; after <c>&lt;compressed/&gt;</c> the device's side of the relay reads and writes EXI bodies.
/// </summary>
internal sealed partial class DeviceSession
{
    private ExiAgreement? _exiAgreed;
    private bool _exiOnlySetUp;
    private int _exiSteps;
    private XElement? _relayFeatures;

    /// <summary>True when <paramref name="element"/> was the gateway's to answer (EXI setup or compression), not the server's.</summary>
    private async Task<bool> TryTerminateExiAsync(XElement element, CancellationToken cancellationToken)
    {
        var ns = element.Name.Namespace;
        if (ns != ExiNamespaces.Exi && ns != ExiNamespaces.Compress)
        {
            return false;
        }

        // On the EXI-only binding (XEP-0322 §2.4 step 7) a setup comes inside the EXI stream, once; compress never does.
        var exiOnlySetup = _device.Stream.IsExiOnlyBinding && !_exiOnlySetUp && ns == ExiNamespaces.Exi;
        if (!context.Options.Exi.Enabled || (_device.Stream.Exi is not null && !exiOnlySetup))
        {
            // Not offered, or already on: XEP-0138 §3, the method is not available.
            await AnswerAsync(Failure("unsupported-method"), cancellationToken).ConfigureAwait(false);
            return true;
        }

        // XEP-0322 §4: a device that keeps setting up and uploading is cut off, not answered for ever.
        if (++_exiSteps > context.Options.Exi.MaxNegotiationSteps)
        {
            throw new XmppProtocolException("policy-violation",
                $"More than {context.Options.Exi.MaxNegotiationSteps} EXI setups and uploads on one connection (Gateway:Exi:MaxNegotiationSteps).");
        }

        try
        {
            return await AnswerExiAsync(element, ns, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new XmppProtocolException("bad-format", $"<{element.Name.LocalName}/>: {e.Message}", e);
        }
    }

    private async Task<bool> AnswerExiAsync(XElement element, XNamespace ns, CancellationToken cancellationToken)
    {
        switch (element.Name.LocalName)
        {
            case "setup" when ns == ExiNamespaces.Exi:
                await SetupAsync(element, cancellationToken).ConfigureAwait(false);
                return true;
            case "uploadSchema" when ns == ExiNamespaces.Exi:
                var upload = ExiUploadSchema.Parse(element, context.Options.Exi.MaxSchemaBytes);
                context.Exi.TryAdd(upload, out var outcome);
                Log.ExiUpload(context.Logger, Remote, outcome);
                return true;
            case "downloadSchema" when ns == ExiNamespaces.Exi:
                // §2.2.4: the gateway does not fetch URLs on a device's behalf (no outbound requests from a device's word).
                var url = ExiDownloadSchema.Parse(element).Url;
                await AnswerAsync(new ExiDownloadSchemaResponse(url, false, ExiDownloadError.Error, "This gateway does not download schemas; upload it.").ToXml(),
                    cancellationToken).ConfigureAwait(false);
                return true;
            case "compress" when ns == ExiNamespaces.Compress:
                await CompressAsync(element, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                throw new XmppProtocolException("unsupported-stanza-type", $"<{element.Name.LocalName}/> in {ns} is not a request the gateway answers.");
        }
    }

    private async Task SetupAsync(XElement element, CancellationToken cancellationToken)
    {
        var (response, agreement) = context.Exi.Answer(ExiSetup.Parse(element));
        _exiAgreed = agreement;
        Log.ExiSetup(context.Logger, Remote, agreement is null ? "not agreed" : response.ConfigurationId is { } id ? "agreed, configuration " + id : "agreed",
            response.Schemas.Count, response.MissingSchemas.Count, ExiParameters.AlignmentName(response.Parameters.Alignment));
        if (agreement is null || !_device.Stream.IsExiOnlyBinding)
        {
            await AnswerAsync(response.ToXml(), cancellationToken).ConfigureAwait(false);
            return;
        }

        // XEP-0322 §2.4 steps 8-10: on the EXI-only binding the agreement takes effect at once: "Just after receiving the
        // setupResponse, client re-opens the stream" in the agreed options (a header without options).
        _exiOnlySetUp = true;
        var schema = context.Exi.Compile(agreement);
        await RestartDeviceStreamAsync(response.ToXml(), () => _device.Stream.UseExi(agreement.Parameters, schema, exiOnlyBinding: true), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="last"/> in the current format, switches the device's side to EXI (<paramref name="useExi"/>), reads
    /// the device's new stream header and answers it with the server's features (the server's stream never restarts:
    /// it never knew). Under the write lock, so nothing relayed from the server slips in between.
    /// </summary>
    private async Task RestartDeviceStreamAsync(XElement last, Action useExi, CancellationToken cancellationToken)
    {
        await _device.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _device.Write(last);
            await _device.FlushAsync(cancellationToken).ConfigureAwait(false);
            useExi();
            await ReadDeviceHeaderAsync(cancellationToken).ConfigureAwait(false);
            await _device.SendHeaderAsync(context.Domain, StreamId(), ForDevice(_relayFeatures!, authenticated: true), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _device.WriteLock.Release();
        }

        var exi = _device.Stream.Exi!;
        Log.ExiStarted(context.Logger, Remote, ExiParameters.AlignmentName(exi.Alignment), _exiAgreed!.Schemas.Count,
            exi.SessionWideBuffers ? "session-wide" : "per-stanza");
    }

    /// <summary>
    /// XEP-0138 §3 with XEP-0322 §2.2.8: <c>exi</c> after an agreed setup → <c>&lt;compressed/&gt;</c>, then the device
    /// restarts its stream in EXI (<c>streamStart</c>) and gets the server's features again, in EXI, without
    /// compression. The server's stream is not restarted: it never knew.
    /// </summary>
    private async Task CompressAsync(XElement element, CancellationToken cancellationToken)
    {
        var method = element.Element(ExiNamespaces.Compress + "method")?.Value.Trim();
        if (method != ExiNamespaces.Method)
        {
            Log.CompressRefused(context.Logger, Remote, "unsupported-method " + method);
            await AnswerAsync(Failure("unsupported-method"), cancellationToken).ConfigureAwait(false);
            return;
        }

        ExiAgreement agreed;
        Edge.Exi.ExiSchema? schema;
        try
        {
            // Everything that could refuse the switch is checked before <compressed/> goes out.
            agreed = _exiAgreed ?? throw new InvalidOperationException("no setup agreed");
            if (!agreed.Parameters.IsSupported(out var reason))
            {
                throw new ArgumentException("Edge's EXI stream codec does not support " + reason);
            }

            schema = context.Exi.Compile(agreed);
            agreed.Parameters.ToExiOptions(schema, context.Options.Limits.MaxStanzaBytes).Validate();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // XEP-0322 §2.2.1: compress before an agreed setup is setup-failed.
            Log.CompressRefused(context.Logger, Remote, "setup-failed: " + e.Message);
            await AnswerAsync(Failure("setup-failed"), cancellationToken).ConfigureAwait(false);
            return;
        }

        await RestartDeviceStreamAsync(new XElement(ExiNamespaces.Compress + "compressed"), () => _device.Stream.UseExi(agreed.Parameters, schema),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task AnswerAsync(XElement answer, CancellationToken cancellationToken)
    {
        await _device.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _device.Write(answer);
            await _device.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _device.WriteLock.Release();
        }
    }

    private static XElement Failure(string condition) =>
        new(ExiNamespaces.Compress + "failure", new XElement(ExiNamespaces.Compress + condition));
}
