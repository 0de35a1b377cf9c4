namespace Edge.Iot.Discovery;

/// <summary>
/// <c>search</c> (XEP-0347 §Search for Public Things): one or more operators, all of which must hold (AND);
/// <see cref="Offset"/> things skipped, at most <see cref="MaxCount"/> returned (the registry may lower it).
/// </summary>
public sealed record SearchRequest(IReadOnlyList<SearchOperator> Operators, int Offset = 0, int? MaxCount = null);
