using System.Diagnostics;
using System.Text.Json;

namespace Edge.Integration.Tests.Status;

/// <summary>
/// Parses Prometheus text with the reference Python client's parser (Debian's python3-prometheus-client,
/// <c>prometheus_client.parser.text_string_to_metric_families</c>), which raises on what the exposition format does not
/// allow. Gives each family's type and samples (name, labels, value).
/// </summary>
internal static class PrometheusParser
{
    private const string Script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = []
        for f in text_string_to_metric_families(sys.stdin.read()):
            out.append({"name": f.name, "type": f.type, "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
        print(json.dumps(out))
        """;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, List<Sample> Samples);

    public static async Task<List<Family>> ParseAsync(string text, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Interop.SlixBackend.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        await process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new AssertFailedException("/metrics does not parse as Prometheus text: " + errors);
        }

        return JsonSerializer.Deserialize<List<Family>>(output, Json)!;
    }
}
