using System.Text;
using System.Xml;
using System.Xml.Schema;
using Edge.Exi.Internal.Schema;
using Edge.Exi.Internal.Schema.Model;

namespace Edge.Exi;

/// <summary>
/// Grammars from XML Schema documents compiled now, with the BCL's XmlSchemaSet (the developer tool, the gateway,
/// tests). Code that only calls <see cref="FromGrammarFiles"/> and the built-in sets leaves all of this, and
/// System.Xml.Schema with it, out of a trimmed binary.
/// </summary>
public sealed partial class ExiSchema
{
    /// <summary>
    /// Builds grammars from XML Schema files; includes and imports are resolved relative to each file (local files
    /// only: a remote schemaLocation is an error). Throws <see cref="ExiSchemaException"/> naming the file and line
    /// of the first problems.
    /// </summary>
    public static ExiSchema Load(IEnumerable<string> paths, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = NewSet();
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => Collect(errors, e);
        foreach (string path in paths)
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new ExiSchemaException($"Schema file '{path}' does not exist.");
            }

            AddDocument(set, new Uri(full), errors);
        }

        return Compile(set, errors, id);
    }

    /// <summary>Builds grammars from XML Schema files (see <see cref="Load(IEnumerable{string}, string)"/>).</summary>
    public static ExiSchema Load(params string[] paths) => Load((IEnumerable<string>)paths);

    /// <summary>Builds grammars from a schema set, compiling it first if needed.</summary>
    public static ExiSchema FromSchemaSet(XmlSchemaSet set, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => Collect(errors, e);
        return Compile(set, errors, id);
    }

    /// <summary>Builds grammars from schema documents given as text (imports among them resolve by namespace).</summary>
    public static ExiSchema FromXml(IEnumerable<string> schemaDocuments, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(schemaDocuments);
        var set = NewSet();
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => Collect(errors, e);
        int n = 0;
        foreach (string text in schemaDocuments)
        {
            n++;
            using var reader = XmlReader.Create(new StringReader(text), ReaderSettings(Resolver), $"schema{n}.xsd");
            try
            {
                set.Add(null, reader);
            }
            catch (Exception ex) when (ex is XmlException or XmlSchemaException)
            {
                errors.Add($"schema document {n}: {ex.Message}");
                throw new ExiSchemaException(Describe(errors), ex);
            }
        }

        return Compile(set, errors, id);
    }

    private static readonly LocalSchemaResolver Resolver = new();

    internal static XmlSchemaSet NewSchemaSet() => new() { XmlResolver = Resolver };

    private static XmlSchemaSet NewSet() => NewSchemaSet();

    private static XmlReaderSettings ReaderSettings(XmlResolver? resolver) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = resolver,
    };

    private static void AddDocument(XmlSchemaSet set, Uri uri, List<string> errors)
    {
        Stream stream;
        try
        {
            stream = (Stream)Resolver.GetEntity(uri, null, typeof(Stream))!;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{uri}: {ex.Message}");
            throw new ExiSchemaException(Describe(errors), ex);
        }

        AddDocument(set, stream, uri.ToString(), errors);
    }

    /// <summary>Adds one document (read from <paramref name="stream"/>, which it disposes) and returns it as the set holds it.</summary>
    internal static XmlSchema AddDocument(XmlSchemaSet set, Stream stream, string baseUri, List<string> errors)
    {
        try
        {
            using (stream)
            using (var reader = XmlReader.Create(stream, ReaderSettings(Resolver), baseUri))
            {
                return set.Add(null, reader) ?? throw new ExiSchemaException($"{baseUri}: not an XML Schema document.");
            }
        }
        catch (Exception ex) when (ex is XmlException or XmlSchemaException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{baseUri}: {ex.Message}");
            throw new ExiSchemaException(Describe(errors), ex);
        }
    }

    private static ExiSchema Compile(XmlSchemaSet set, List<string> errors, string? id)
    {
        CompileSet(set, errors);
        return new ExiSchema(SchemaCompiler.Compile(XsdModelBuilder.Build(set).Schema), id);
    }

    /// <summary>Compiles the set (if needed); throws <see cref="ExiSchemaException"/> with the first problems collected.</summary>
    internal static void CompileSet(XmlSchemaSet set, List<string> errors)
    {
        try
        {
            if (!set.IsCompiled)
            {
                set.Compile();
            }
        }
        catch (XmlSchemaException ex)
        {
            errors.Add(Where(ex.SourceUri, ex.LineNumber, ex.LinePosition, ex.Message));
        }
        catch (ExiSchemaException ex)
        {
            errors.Add(ex.Message);
        }

        if (errors.Count > 0)
        {
            throw new ExiSchemaException(Describe(errors));
        }
    }

    internal static void Collect(List<string> errors, ValidationEventArgs e)
    {
        // A schemaLocation our resolver refused (remote, or missing) comes as a warning whose own text is only "Cannot
        // resolve the 'schemaLocation' attribute": the resolver's message says which location and why.
        var refused = e.Exception?.InnerException as ExiSchemaException;
        if (e.Severity == XmlSeverityType.Error || refused is not null)
        {
            var message = refused is null ? e.Message : e.Message + " " + refused.Message;
            errors.Add(Where(e.Exception?.SourceUri, e.Exception?.LineNumber ?? 0, e.Exception?.LinePosition ?? 0, message));
        }
    }

    private static string Where(string? source, int line, int position, string message) =>
        line > 0 ? $"{source}({line},{position}): {message}" : $"{source}: {message}";

    private static string Describe(List<string> errors)
    {
        var text = new StringBuilder("Invalid XML Schema: ");
        text.AppendJoin("; ", errors.Take(5));
        if (errors.Count > 5)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" (and {errors.Count - 5} more)");
        }

        return text.ToString();
    }
}
