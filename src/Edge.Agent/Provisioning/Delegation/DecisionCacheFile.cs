using System.Text.Json.Serialization;

namespace Edge.Agent.Provisioning.Delegation;

/// <summary>The persisted cache: the service that gave the answers, and the answers, least recently used first.</summary>
public sealed class DecisionCacheFile
{
    [JsonPropertyName("service")]
    public string Service { get; set; } = string.Empty;

    [JsonPropertyName("decisions")]
    public List<CachedDecision> Decisions { get; set; } = [];
}

/// <summary>Source-generated JSON for the decision cache (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(DecisionCacheFile))]
internal sealed partial class DecisionCacheJson : JsonSerializerContext;
