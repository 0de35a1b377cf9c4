using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Edge.Gateway;

/// <summary>
/// Loads <c>gateway.json</c> (beside the executable), then <c>--config FILE</c>, then environment variables
/// (<c>Gateway__Server__Domain=…</c>), then <c>--set Key=Value</c>, and binds section <c>Gateway</c>. Every fault becomes
/// a message naming the file or the key and its value, never an exception.
/// </summary>
internal static class GatewayConfiguration
{
    public static (GatewayOptions Options, IConfiguration Configuration) Load(string baseDirectory, string? configFile,
        IReadOnlyDictionary<string, string?> overrides, List<string> errors)
    {
        var builder = new ConfigurationBuilder();
        AddJson(builder, Path.Combine(baseDirectory, "gateway.json"), optional: true, errors);
        if (configFile is not null)
        {
            AddJson(builder, Path.GetFullPath(configFile), optional: false, errors);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(overrides);
        var configuration = builder.Build();
        var section = configuration.GetSection("Gateway");

        // Each value converted on its own first, so every bad one is named and none hides another.
        var bad = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in section.AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            try
            {
                new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().GetSection("Gateway").Bind(new GatewayOptions());
            }
            catch (InvalidOperationException e)
            {
                errors.Add($"{key} '{value}' is not valid: {e.InnerException?.Message ?? e.Message}");
                bad.Add(key);
            }
        }

        var options = new GatewayOptions();
        new ConfigurationBuilder().AddInMemoryCollection(section.AsEnumerable().Where(e => !bad.Contains(e.Key))).Build()
            .GetSection("Gateway").Bind(options);
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
