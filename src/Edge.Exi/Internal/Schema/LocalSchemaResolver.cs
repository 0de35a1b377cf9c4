using System.Net;
using System.Xml;

namespace Edge.Exi.Internal.Schema;

/// <summary>
/// Resolves schema documents named by include and import: local files, and the schemas built into this assembly
/// (the "resource:" scheme). Nothing is ever fetched from the network: a remote schemaLocation is an error that
/// names it, so the caller can pass a local copy.
/// </summary>
internal sealed class LocalSchemaResolver : XmlResolver
{
    public const string ResourceScheme = "resource";
    private const string ResourcePrefix = "Edge.Exi.Schemas.";
    private const string GrammarPrefix = "Edge.Exi.Grammars.";

    public override ICredentials Credentials
    {
        set { }
    }

    public static Uri ResourceUri(string fileName) => new($"{ResourceScheme}:///{fileName}");

    public static Stream OpenResource(string fileName) =>
        typeof(LocalSchemaResolver).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
        ?? throw new ExiSchemaException($"The built-in schema document '{fileName}' is missing from {typeof(LocalSchemaResolver).Assembly.GetName().Name}.");

    /// <summary>The grammar file generated from a built-in document, embedded beside it (NAME.xsd.exig).</summary>
    public static Stream OpenGrammarResource(string fileName) =>
        typeof(LocalSchemaResolver).Assembly.GetManifestResourceStream(GrammarPrefix + fileName + ExiGrammarFile.Extension)
        ?? throw new ExiSchemaException($"The grammar file of the built-in schema document '{fileName}' is missing from {typeof(LocalSchemaResolver).Assembly.GetName().Name}.");

    public static IEnumerable<string> ResourceNames() => typeof(LocalSchemaResolver).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..]);

    public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        ArgumentNullException.ThrowIfNull(absoluteUri);
        if (absoluteUri.Scheme == ResourceScheme)
        {
            return OpenResource(absoluteUri.AbsolutePath.TrimStart('/'));
        }

        if (absoluteUri.IsFile)
        {
            return File.OpenRead(absoluteUri.LocalPath);
        }

        throw new ExiSchemaException($"Schema document '{absoluteUri}' is not local; Edge.Exi does not fetch schemas from the network (pass a local copy).");
    }

    public override Uri ResolveUri(Uri? baseUri, string? relativeUri)
    {
        if (baseUri is not null && baseUri.Scheme == ResourceScheme && relativeUri is not null && !relativeUri.Contains(':', StringComparison.Ordinal))
        {
            return new Uri(baseUri, relativeUri);
        }

        return base.ResolveUri(baseUri, relativeUri);
    }
}
