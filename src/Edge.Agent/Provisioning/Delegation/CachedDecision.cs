using System.Text.Json.Serialization;

namespace Edge.Agent.Provisioning.Delegation;

/// <summary>One remembered answer of the provisioning service: yes/no and the allowed subsets (null = all).</summary>
public sealed class CachedDecision
{
    /// <summary>SHA-256 of the question (operation, requester, tokens, kinds, nodes, names): no token is kept in clear.</summary>
    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;

    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    [JsonPropertyName("nodes")]
    public string[]? Nodes { get; set; }

    [JsonPropertyName("fields")]
    public string[]? Fields { get; set; }

    [JsonPropertyName("parameters")]
    public string[]? Parameters { get; set; }
}
