using Edge.Agent.Internal;

namespace Edge.Agent.Provisioning.Delegation;

/// <summary>
/// The persisted cache, <c>provisioning-decisions.json</c>: the service that gave the answers, and the answers, least
/// recently used first, on one line:
/// <c>{"service":"…","decisions":[{"key":"…","allowed":true,"nodes":null,"fields":["…"],"parameters":null},…]}</c>.
/// </summary>
public sealed class DecisionCacheFile
{
    public string Service { get; set; } = string.Empty;

    public List<CachedDecision> Decisions { get; set; } = [];

    /// <summary>Reads <paramref name="path"/>; false with a reason (never the content) when it is missing or unusable.</summary>
    internal static bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DecisionCacheFile? file, out string reason) =>
        JsonDataFile.TryRead(path, o => new DecisionCacheFile
        {
            Service = o.String("service") ?? string.Empty,
            Decisions = o.Objects("decisions", d => new CachedDecision
            {
                Key = d.String("key") ?? string.Empty,
                Allowed = d.Bool("allowed"),
                Nodes = d.Strings("nodes"),
                Fields = d.Strings("fields"),
                Parameters = d.Strings("parameters"),
            }) ?? [],
        }, out file, out reason);

    /// <summary>Replaces <paramref name="path"/> atomically, 0600 (<see cref="JsonDataFile.Write"/>).</summary>
    internal void Save(string path) => JsonDataFile.Write(path, indented: false, w =>
    {
        w.WriteString("service", Service);
        w.WriteObjects("decisions", Decisions, static (w, d) =>
        {
            w.WriteString("key", d.Key);
            w.WriteBoolean("allowed", d.Allowed);
            w.WriteStrings("nodes", d.Nodes);
            w.WriteStrings("fields", d.Fields);
            w.WriteStrings("parameters", d.Parameters);
        });
    });
}
