using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Edge.Hosting;

/// <summary>
/// What the server-side executables (<c>edge-registry</c>, <c>edge-gateway</c>) share to read their settings: the
/// command line (<c>--config FILE</c>, <c>--set Key=Value</c>), then <c>FILE.json</c> beside the executable, the extra
/// file, environment variables and the overrides, in that order; every fault becomes a message naming the file or
/// the key and its value, never an exception. Compiled into each host (a linked source file, not an assembly).
/// </summary>
internal static class HostSettings
{
    /// <summary>Reads <c>--config FILE</c> and every <c>--set KEY=VALUE</c>; anything else is an error naming it.</summary>
    public static (string? ConfigFile, Dictionary<string, string?> Overrides) ParseArguments(string[] args, List<string> errors)
    {
        string? configFile = null;
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                configFile = args[++i];
            }
            else if (args[i] == "--set" && i + 1 < args.Length && args[i + 1].IndexOf('=', StringComparison.Ordinal) is > 0 and var eq)
            {
                overrides[args[i + 1][..eq]] = args[++i][(eq + 1)..];
            }
            else
            {
                errors.Add($"Unknown argument '{args[i]}' (see --help).");
            }
        }

        return (configFile, overrides);
    }

    /// <summary>
    /// Builds the configuration and binds section <paramref name="section"/> into a new <typeparamref name="T"/> with
    /// <paramref name="bind"/> (the caller's own <c>Bind</c> call, so the source-generated binder serves it). Each value
    /// is converted on its own first, so every bad one is named and none hides another; keys ending in
    /// <c>:Secret</c> are never quoted.
    /// </summary>
    public static (T Options, IConfiguration Configuration) Load<T>(string baseDirectory, string fileName, string section, string? configFile,
        IReadOnlyDictionary<string, string?> overrides, List<string> errors, Action<IConfiguration, T> bind)
        where T : new()
    {
        var builder = new ConfigurationBuilder();
        AddJson(builder, Path.Combine(baseDirectory, fileName), optional: true, errors);
        if (configFile is not null)
        {
            AddJson(builder, Path.GetFullPath(configFile), optional: false, errors);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(overrides);
        var configuration = builder.Build();
        var values = configuration.GetSection(section).AsEnumerable().ToList();
        var bad = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            if (value is null)
            {
                continue;
            }

            try
            {
                bind(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build(), new T());
            }
            catch (InvalidOperationException e)
            {
                errors.Add($"{key} '{(key.EndsWith(":Secret", StringComparison.OrdinalIgnoreCase) ? "(hidden)" : value)}' is not valid: {e.InnerException?.Message ?? e.Message}");
                bad.Add(key);
            }
        }

        var options = new T();
        bind(new ConfigurationBuilder().AddInMemoryCollection(values.Where(e => !bad.Contains(e.Key))).Build(), options);
        return (options, configuration);
    }

    private static void AddJson(ConfigurationBuilder builder, string path, bool optional, List<string> errors)
    {
        if (!File.Exists(path))
        {
            if (!optional)
            {
                errors.Add($"{path}: no such file.");
            }

            return;
        }

        try
        {
            // Parsed once here only to report a fault by line and position; the provider reads it again.
            using var document = JsonDocument.Parse(File.ReadAllBytes(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        catch (JsonException e)
        {
            errors.Add($"{path}: not valid JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}.");
        }
        catch (IOException e)
        {
            errors.Add($"{path}: {e.Message}");
        }
    }
}
