using System.Xml.Linq;
using Edge.Exi;
using Edge.Xmpp.Exi;

namespace Edge.Xmpp;

/// <summary>
/// EXI on the stream (XEP-0322 over XEP-0138): setup, schema upload, quick setup, compress, then the EXI codec.
/// </summary>
public sealed partial class XmppClient
{
    // Bounds of one negotiation: a full setup, one retry after uploads, one with the server's own answer (§2.2.3, §4).
    private const int MaxSetups = 3;

    private readonly Lazy<ExiSchemaSet> _exiSchemas;
    private ExiAgreement? _exiAgreement;
    private bool _exiOnlySetup;

    /// <summary>Gets a value indicating whether the current connection speaks EXI (XEP-0322) rather than XML.</summary>
    public bool ExiActive => _core.Session?.Connection.Codec is ExiStreamCodec;

    /// <summary>Gets the configuration id the server gave for a quick EXI setup on the next connection, if any.</summary>
    public string? ExiConfigurationId => Volatile.Read(ref _exiAgreement)?.ConfigurationId;

    /// <summary>
    /// Gets or sets the configuration kept for a quick EXI setup (XEP-0322 §2.2.6) on the next connection: null until a
    /// setup agreed one with an id. A host that keeps it across restarts sets it before connecting (a configuration
    /// with a schema the client's set does not hold is ignored); the server may still refuse it, and the client then
    /// sets up in full and replaces it (<see cref="ExiQuickSetupChanged"/>). <see cref="KeepExiQuickSetupIn"/> does both
    /// with a file.
    /// </summary>
    internal ExiQuickSetup? ExiQuickSetup
    {
        get => Volatile.Read(ref _exiAgreement) is { ConfigurationId: { } id } a ? new ExiQuickSetup(id, a.Parameters, a.Schemas) : null;
        set => Volatile.Write(ref _exiAgreement, value is not null && value.Schemas.All(s => ExiSchemas.Find(s) is not null)
            ? new ExiAgreement(value.Parameters, value.Schemas, value.ConfigurationId, "kept")
            : null);
    }

    /// <summary>Raised (on the connecting task) when <see cref="ExiQuickSetup"/> changed: a new id agreed, or a refused one dropped.</summary>
    internal event EventHandler? ExiQuickSetupChanged;

    private ExiSchemaSet ExiSchemas => _exiSchemas.Value;

    private ExiSchemaSet LoadExiSchemas() => _options.Exi.SchemaFiles.Count == 0
        ? ExiSchemaSet.BuiltIn
        : ExiSchemaSet.BuiltIn.WithFiles(_options.Exi.SchemaFiles);

    /// <summary>
    /// When the features offer the <c>exi</c> compression method (XEP-0322 §2.2) and EXI is wanted: agree on options
    /// and schemas, compress, restart the stream in EXI. Returns the features of the stream to go on with (the EXI
    /// stream's, or the same ones). <paramref name="last"/>: the last features of the login that could offer it, where
    /// <c>require</c> without an agreement fails and <c>prefer</c> logs that the stream stays XML.
    /// </summary>
    private async Task<XElement> NegotiateExiAsync(Internal.XmppConnection connection, XElement features, bool last, CancellationToken token)
    {
        if (connection.Codec is ExiStreamCodec { IsExiOnlyBinding: true })
        {
            return last ? await SetUpExiOnlyAsync(connection, features, token).ConfigureAwait(false) : features;
        }

        if (_options.Exi.Mode == XmppExiMode.Off || connection.Codec is ExiStreamCodec)
        {
            return features;
        }

        var offered = features.Element(ExiNamespaces.CompressFeature + "compression")?.Elements(ExiNamespaces.CompressFeature + "method")
            .Any(m => m.Value.Trim() == ExiNamespaces.Method) == true;
        if (!offered)
        {
            if (last)
            {
                NoExi("the server does not offer the 'exi' compression method");
            }

            return features;
        }

        var agreement = await AgreeAsync(connection, token).ConfigureAwait(false);
        if (agreement is null)
        {
            return features;
        }

        // XEP-0138 §3: compress, compressed, then a new stream; XEP-0322 §2.2.8: in EXI, opened with streamStart.
        await connection.WriteAsync(new XElement(ExiNamespaces.Compress + "compress", new XElement(ExiNamespaces.Compress + "method", ExiNamespaces.Method)), token)
            .ConfigureAwait(false);
        var answer = await connection.ReadElementAsync(token).ConfigureAwait(false);
        if (answer.Name != ExiNamespaces.Compress + "compressed")
        {
            var condition = answer.Name == ExiNamespaces.Compress + "failure"
                ? answer.Elements().FirstOrDefault()?.Name.LocalName ?? "failure"
                : $"<{answer.Name.LocalName}/>";
            NoExi($"the server answered <compress/> with {condition}");
            return features;
        }

        var schema = agreement.Schemas.Count == 0 ? null : ExiSchemas.Compile(agreement.Schemas);
        connection.UseCodec(new ExiStreamCodec(agreement.Parameters, schema, _options.MaxStanzaBytes));
        Remember(agreement);
        Log.ExiStarted(_logger, ExiParameters.AlignmentName(agreement.Parameters.Alignment), agreement.Parameters.Strict && schema is not null,
            agreement.Schemas.Count, agreement.Parameters.SessionWideBuffers, agreement.How);
        return await connection.OpenStreamAsync(Jid.Domain, Jid.ToString(), token).ConfigureAwait(false);
    }

    /// <summary>
    /// XEP-0322 §2.4 steps 7-10 on the EXI-only binding, after SASL (step 6): a setup inside the EXI stream (quick with a
    /// remembered configuration id, else full, as on the negotiated binding), then both sides restart the stream in the
    /// agreed options. Not agreed: the stream goes on in the binding's default options, which is still EXI.
    /// </summary>
    private async Task<XElement> SetUpExiOnlyAsync(Internal.XmppConnection connection, XElement features, CancellationToken token)
    {
        ExiAgreement? agreement;
        _exiOnlySetup = true;
        try
        {
            agreement = await AgreeAsync(connection, token).ConfigureAwait(false);
        }
        finally
        {
            _exiOnlySetup = false;
        }

        if (agreement is null)
        {
            return features;
        }

        var schema = agreement.Schemas.Count == 0 ? null : ExiSchemas.Compile(agreement.Schemas);
        connection.UseCodec(new ExiStreamCodec(agreement.Parameters, schema, _options.MaxStanzaBytes, exiOnlyBinding: true));
        Remember(agreement);
        Log.ExiStarted(_logger, ExiParameters.AlignmentName(agreement.Parameters.Alignment), agreement.Parameters.Strict && schema is not null,
            agreement.Schemas.Count, agreement.Parameters.SessionWideBuffers, agreement.How + " on the EXI-only binding");
        return await connection.OpenStreamAsync(Jid.Domain, Jid.ToString(), token).ConfigureAwait(false);
    }

    /// <summary>
    /// The setup exchange: the quick form with a remembered configuration id first (§2.2.6; refused → a full setup,
    /// §2.2.7), else the options and schema list (§2.2.2); missing schemas uploaded once (§2.2.3) and the setup
    /// repeated; a second answer still missing schemas is accepted as it is and never answered with another upload
    /// (§4: "the client MUST NOT try to upload or download the missing schemas again"). Null: no agreement.
    /// </summary>
    private async Task<ExiAgreement?> AgreeAsync(Internal.XmppConnection connection, CancellationToken token)
    {
        if (Volatile.Read(ref _exiAgreement) is { ConfigurationId: { } id } remembered)
        {
            var quick = await SetupAsync(connection, ExiSetup.Quick(id), token).ConfigureAwait(false);
            if (quick.Agreement)
            {
                return remembered with { How = "quick setup " + id };
            }

            Log.ExiQuickSetupRefused(_logger, id);
            Remember(null);
        }

        var proposal = new ExiSetup
        {
            Parameters = _options.Exi.SessionWideBuffers
                ? new ExiParameters
                {
                    Alignment = _options.Exi.ParsedAlignment, Strict = _options.Exi.Strict, SessionWideBuffers = true,
                    ValueMaxLength = _options.Exi.ValueMaxLength, ValuePartitionCapacity = _options.Exi.ValuePartitionCapacity,
                }
                : new ExiParameters { Alignment = _options.Exi.ParsedAlignment, Strict = _options.Exi.Strict },
            Schemas = ExiSchemas.Ids,
        };
        var uploaded = new HashSet<ExiSchemaId>();
        for (var attempt = 1; attempt <= MaxSetups; attempt++)
        {
            var response = await SetupAsync(connection, proposal, token).ConfigureAwait(false);
            var toUpload = _options.Exi.UploadMissingSchemas
                ? response.MissingSchemas.Where(m => !uploaded.Contains(m) && ExiSchemas.Find(m) is not null).ToList()
                : [];
            if (response.MissingSchemas.Count > 0 && toUpload.Count == 0 && uploaded.Count > 0)
            {
                Log.ExiSchemasStillMissing(_logger, string.Join(", ", response.MissingSchemas.Select(m => m.Namespace)));
            }

            if (toUpload.Count > 0 && attempt < MaxSetups)
            {
                foreach (var missing in toUpload)
                {
                    Log.ExiUploadingSchema(_logger, missing.ToString());
                    await connection.WriteAsync(ExiUploadSchema.From(ExiSchemas.Find(missing)!).ToXml(), token).ConfigureAwait(false);
                    uploaded.Add(missing);
                }

                continue; // §2.2.3: test the setup again with the uploaded schemas
            }

            if (response.Agreement)
            {
                return Agreed(response, proposal, uploaded.Count);
            }

            // No agreement: propose what the server answered it can accept, with only the schemas it has (§2.2.2:
            // "the parameters it can accept ... lowered, never raised") — once, never with uploads.
            if (attempt < MaxSetups && response.Parameters.IsSupported(out _) && response.Schemas.All(s => ExiSchemas.Find(s) is not null)
                && (response.Parameters != proposal.Parameters || !response.Schemas.SequenceEqual(proposal.Schemas)))
            {
                proposal = new ExiSetup { Parameters = response.Parameters, Schemas = response.Schemas };
                attempt = MaxSetups - 1;
                continue;
            }

            NoExi("the server does not agree to the EXI setup");
            return null;
        }

        NoExi("no EXI setup agreed");
        return null;
    }

    private ExiAgreement? Agreed(ExiSetupResponse response, ExiSetup proposal, int uploads)
    {
        // The options in force are the answer's (it may lower ours); the schemas, those the server has of ours.
        var parameters = response.Parameters;
        var schemas = response.Schemas.Where(s => ExiSchemas.Find(s) is not null && proposal.Schemas.Contains(s)).ToList();
        if (!parameters.IsSupported(out var reason))
        {
            NoExi("the server's EXI options need " + reason);
            return null;
        }

        return new ExiAgreement(parameters, schemas, response.ConfigurationId,
            uploads == 0 ? "full setup" : $"full setup after uploading {uploads} schema(s)");
    }

    private static async Task<ExiSetupResponse> SetupAsync(Internal.XmppConnection connection, ExiSetup setup, CancellationToken token)
    {
        await connection.WriteAsync(setup.ToXml(), token).ConfigureAwait(false);
        while (true)
        {
            var answer = await connection.ReadElementAsync(token).ConfigureAwait(false);
            if (answer.Name == ExiNamespaces.Exi + "setupResponse")
            {
                return ExiSetupResponse.Parse(answer);
            }

            if (answer.Name.Namespace == ExiNamespaces.Exi)
            {
                continue; // e.g. a late downloadSchemaResponse: not ours to act on
            }

            throw new XmppProtocolException("bad-format", $"Expected <setupResponse/> during EXI setup, got <{answer.Name.LocalName}/>.");
        }
    }

    /// <summary>Keeps the agreement for the next connection's quick setup; tells the host when its id changed.</summary>
    private void Remember(ExiAgreement? agreement)
    {
        var before = Interlocked.Exchange(ref _exiAgreement, agreement);
        if (before?.ConfigurationId != agreement?.ConfigurationId)
        {
            ExiQuickSetupChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    private void NoExi(string reason)
    {
        if (_exiOnlySetup)
        {
            Log.ExiOnlyDefaultsKept(_logger, reason);
            return;
        }

        if (_options.Exi.Mode == XmppExiMode.Require)
        {
            throw new XmppConnectionException(ConnectionFailure.StreamError,
                $"EXI is required (Xmpp:Exi:Mode=require), and {reason}. Set Xmpp:Exi:Mode to prefer to fall back to XML.");
        }

        Log.ExiNotUsed(_logger, reason);
    }

    /// <summary>What a setup agreed: options, schemas, the id for a quick setup, and how it was reached (for the log).</summary>
    private sealed record ExiAgreement(ExiParameters Parameters, IReadOnlyList<ExiSchemaId> Schemas, string? ConfigurationId, string How);
}
