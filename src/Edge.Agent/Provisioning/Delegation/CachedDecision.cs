namespace Edge.Agent.Provisioning.Delegation;

/// <summary>One remembered answer of the provisioning service: yes/no and the allowed subsets (null = all).</summary>
public sealed class CachedDecision
{
    /// <summary>SHA-256 of the question (operation, requester, tokens, kinds, nodes, names): no token is kept in clear.</summary>
    public string Key { get; set; } = string.Empty;

    public bool Allowed { get; set; }

    public string[]? Nodes { get; set; }

    public string[]? Fields { get; set; }

    public string[]? Parameters { get; set; }
}
