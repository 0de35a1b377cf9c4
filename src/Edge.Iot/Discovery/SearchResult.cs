namespace Edge.Iot.Discovery;

/// <summary><c>found</c>: the things of one page and whether more follow (<c>more='true'</c>: search again with a larger offset).</summary>
public sealed record SearchResult(IReadOnlyList<FoundThing> Things, bool More);
