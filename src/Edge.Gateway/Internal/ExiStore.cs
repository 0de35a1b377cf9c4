using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Linq;
using Edge.Exi;
using Edge.Xmpp;
using Edge.Xmpp.Exi;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Internal;

/// <summary>What a device and the gateway agreed in an EXI setup: the options in force and the schemas compiled.</summary>
internal sealed record ExiAgreement(ExiParameters Parameters, IReadOnlyList<ExiSchemaId> Schemas);

/// <summary>
/// The gateway's side of XEP-0322 setup, shared by every device: the schema set it answers from (the built-in XMPP
/// set, <c>Gateway:Exi:SchemaFiles</c>, and schemas devices uploaded, kept in <c>DataDirectory/exi/schemas</c>), and
/// the agreed configurations behind quick setup (§2.2.6), kept in <c>DataDirectory/exi/configurations</c> so a device
/// reconnecting after a gateway restart still gets its quick setup. Both bounded.
/// </summary>
internal sealed class ExiStore
{
    private readonly GatewayExiOptions _options;
    private readonly string _schemaDirectory;
    private readonly string _configurationDirectory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ExiAgreement> _configurations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _configurationOrder = new();
    private readonly HashSet<string> _builtInNamespaces;
    private readonly Lock _uploadGate = new();
    private ExiSchemaSet _schemas;
    private int _uploaded;

    private ExiStore(GatewayExiOptions options, string dataDirectory, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _schemaDirectory = Directory.CreateDirectory(Path.Combine(dataDirectory, "exi", "schemas")).FullName;
        _configurationDirectory = Directory.CreateDirectory(Path.Combine(dataDirectory, "exi", "configurations")).FullName;
        var configured = options.SchemaFiles.Select(ExiSchemaFile.Load).ToList();
        _schemas = ExiSchemaSet.BuiltIn.With(Compiled(configured, []));
        _builtInNamespaces = [.. _schemas.Files.Select(f => f.Id.Namespace)];
    }

    public ExiSchemaSet Schemas => Volatile.Read(ref _schemas);

    /// <summary>Opens the store: the configured schemas, then what earlier runs kept (a file that no longer reads is skipped and logged).</summary>
    public static ExiStore Open(GatewayExiOptions options, string dataDirectory, ILogger logger)
    {
        var store = new ExiStore(options, dataDirectory, logger);
        var uploaded = new List<ExiSchemaFile>();
        foreach (var path in Directory.EnumerateFiles(store._schemaDirectory, "*.xsd").Order(StringComparer.Ordinal).Take(options.MaxUploadedSchemas))
        {
            try
            {
                var file = ExiSchemaFile.Load(path);
                uploaded.Add(Compiled([file], store._schemas.Files.Where(f => !store._builtInNamespaces.Contains(f.Id.Namespace)).Concat(uploaded))[0]);
            }
            catch (Exception e) when (e is FormatException or ExiSchemaException)
            {
                Log.ExiStoredFileSkipped(logger, path, e.Message);
            }
        }

        store._uploaded = uploaded.Count;
        store._schemas = store._schemas.With(uploaded);
        foreach (var path in Directory.EnumerateFiles(store._configurationDirectory, "*.xml")
            .OrderBy(File.GetLastWriteTimeUtc).TakeLast(options.MaxConfigurations))
        {
            try
            {
                var response = ExiSetupResponse.Parse(XElement.Load(path));
                if (response.ConfigurationId is { } id)
                {
                    store._configurations[id] = new ExiAgreement(response.Parameters, response.Schemas);
                    store._configurationOrder.Enqueue(id);
                }
            }
            catch (Exception e) when (e is XmlException or XmppProtocolException or FormatException or IOException or ArgumentException)
            {
                Log.ExiStoredFileSkipped(logger, path, e.Message);
            }
        }

        return store;
    }

    /// <summary>
    /// Answers a setup (§2.2.2): the schemas it has and those it lacks, the options lowered to the gateway's bounds,
    /// agreement only when nothing is missing and nothing was lowered; an agreement gets a configuration id.
    /// A quick setup (§2.2.6) is agreed when the id is known and its schemas are all still here.
    /// </summary>
    public (ExiSetupResponse Response, ExiAgreement? Agreement) Answer(ExiSetup setup)
    {
        var schemas = Schemas;
        if (setup.IsQuick)
        {
            var known = _configurations.TryGetValue(setup.ConfigurationId!, out var remembered)
                && remembered.Schemas.All(s => schemas.Find(s) is not null);
            return (new ExiSetupResponse { Agreement = known, ConfigurationId = setup.ConfigurationId }, known ? remembered : null);
        }

        var have = setup.Schemas.Where(s => schemas.Find(s) is not null).Distinct().ToList();
        var missing = setup.Schemas.Where(s => schemas.Find(s) is null).Distinct().ToList();
        var parameters = Lowered(setup.Parameters);
        var agreed = missing.Count == 0 && parameters == setup.Parameters;
        if (!agreed)
        {
            return (new ExiSetupResponse { Parameters = parameters, Schemas = have, MissingSchemas = missing }, null);
        }

        var agreement = new ExiAgreement(parameters, have);
        var id = Guid.NewGuid().ToString();
        var response = new ExiSetupResponse { Parameters = parameters, Schemas = have, Agreement = true, ConfigurationId = id };
        Remember(id, agreement, response);
        return (response, agreement);
    }

    /// <summary>
    /// Takes an uploaded schema (§2.2.3: the gateway computes namespace, size and MD5 itself). Not stored — with the
    /// reason — when it is not a schema, not plain text, replaces a namespace of the configured set (one device must
    /// not change another's grammar), or the store is full.
    /// </summary>
    public bool TryAdd(ExiUploadSchema upload, out string outcome)
    {
        if (upload.ContentType != ExiSchemaContentType.Text)
        {
            outcome = $"contentType {upload.ContentType} is not accepted (only Text)";
            return false;
        }

        ExiSchemaFile file;
        try
        {
            file = ExiSchemaFile.FromBytes(upload.Content.Span, "uploaded");
            if (_schemas.Find(file.Id) is null && !_builtInNamespaces.Contains(file.Id.Namespace))
            {
                file = Compiled([file], _schemas.Files.Where(f => !_builtInNamespaces.Contains(f.Id.Namespace)))[0];
            }
        }
        catch (Exception e) when (e is FormatException or ExiSchemaException)
        {
            outcome = e.Message;
            return false;
        }

        lock (_uploadGate)
        {
            if (_schemas.Find(file.Id) is not null)
            {
                outcome = file.Id + " is already known";
                return true;
            }

            if (_builtInNamespaces.Contains(file.Id.Namespace))
            {
                outcome = $"{file.Id} would replace the configured schema of {file.Id.Namespace}";
                return false;
            }

            if (_uploaded >= _options.MaxUploadedSchemas)
            {
                outcome = $"the gateway keeps at most {_options.MaxUploadedSchemas} uploaded schemas (Gateway:Exi:MaxUploadedSchemas)";
                return false;
            }

            var path = Path.Combine(_schemaDirectory, $"{file.Id.Md5Hash}-{file.Id.Bytes}.xsd");
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, file.Content.ToArray());
            File.Move(temporary, path, overwrite: true);
            _uploaded++;
            Volatile.Write(ref _schemas, _schemas.With([file]));
            outcome = file.Id + " stored";
            return true;
        }
    }

    /// <summary>
    /// The files with their grammar files compiled now (the gateway carries the XML Schema compiler; an agent reads
    /// grammar files compiled ahead of time). Imports resolve among the files, then <paramref name="companions"/>, then
    /// the built-in documents. Throws <see cref="ExiSchemaException"/> when they do not compile.
    /// </summary>
    private static List<ExiSchemaFile> Compiled(List<ExiSchemaFile> files, IEnumerable<ExiSchemaFile> companions)
    {
        if (files.Count == 0)
        {
            return [];
        }

        var grammars = ExiGrammarFiles.Compile(files.Select(f => (f.Content, f.Name)), companions.Select(c => (c.Content, c.Name)));
        return [.. files.Select((f, i) => f.WithGrammar(grammars[i]))];
    }

    /// <summary>Composes the grammars of an agreement; null for a schema-less one.</summary>
    public ExiSchema? Compile(ExiAgreement agreement) => agreement.Schemas.Count == 0 ? null : Schemas.Compile(agreement.Schemas);

    private ExiParameters Lowered(ExiParameters proposed)
    {
        var lowered = proposed with
        {
            ValueMaxLength = Min(proposed.ValueMaxLength, _options.ValueMaxLength),
            ValuePartitionCapacity = Min(proposed.ValuePartitionCapacity, _options.ValuePartitionCapacity),
            SessionWideBuffers = proposed.SessionWideBuffers && _options.SessionWideBuffers,
        };
        if (!lowered.IsSupported(out _))
        {
            // What Edge's codec cannot run is answered switched off; the device may propose that instead.
            lowered = lowered with
            {
                Version = 1, SessionWideBuffers = false, SelfContained = false, PreserveComments = false, PreservePIs = false,
                PreserveDtd = false, PreserveLexical = false, PreservePrefixes = lowered.PreservePrefixes && !lowered.Strict,
            };
        }

        return lowered;
    }

    private static int? Min(int? proposed, int? bound) => bound is null ? proposed : proposed is null ? bound : Math.Min(proposed.Value, bound.Value);

    private void Remember(string id, ExiAgreement agreement, ExiSetupResponse response)
    {
        _configurations[id] = agreement;
        _configurationOrder.Enqueue(id);
        try
        {
            File.WriteAllText(Path.Combine(_configurationDirectory, id + ".xml"), response.ToXml().ToString(SaveOptions.DisableFormatting));
        }
        catch (IOException e)
        {
            Log.ExiStoredFileSkipped(_logger, _configurationDirectory, e.Message);
        }

        while (_configurations.Count > _options.MaxConfigurations && _configurationOrder.TryDequeue(out var oldest))
        {
            _configurations.TryRemove(oldest, out _);
            File.Delete(Path.Combine(_configurationDirectory, oldest + ".xml"));
        }
    }
}
