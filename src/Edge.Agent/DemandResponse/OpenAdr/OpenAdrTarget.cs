namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// <c>ei:eiTarget</c> (<c>ei:EiTargetType</c>): whom an event addresses. The identifiers this model carries are
/// <c>ei:groupID</c>, <c>ei:resourceID</c>, <c>ei:venID</c> and <c>ei:partyID</c>; any other criterion the schema
/// allows (<c>ei:groupName</c>, <c>power:endDeviceAsset</c>, <c>emix:serviceArea</c>…) is recorded by element name in
/// <see cref="OtherCriteria"/> so that it is never mistaken for an empty target.
/// </summary>
public sealed class OpenAdrTarget
{
    /// <summary>A target with no criteria: every VEN.</summary>
    public static OpenAdrTarget Everyone { get; } = new();

    /// <summary><c>ei:venID</c>s.</summary>
    public IReadOnlyList<string> VenIds { get; init; } = [];

    /// <summary><c>ei:groupID</c>s.</summary>
    public IReadOnlyList<string> GroupIds { get; init; } = [];

    /// <summary><c>ei:resourceID</c>s (an event targeted at a resource applies to that resource of the VEN).</summary>
    public IReadOnlyList<string> ResourceIds { get; init; } = [];

    /// <summary><c>ei:partyID</c>s.</summary>
    public IReadOnlyList<string> PartyIds { get; init; } = [];

    /// <summary>
    /// Local names of the <c>ei:eiTarget</c> children this model does not carry (<c>groupName</c>,
    /// <c>endDeviceAsset</c>, <c>serviceArea</c>…), as read; never written.
    /// </summary>
    public IReadOnlyList<string> OtherCriteria { get; init; } = [];

    /// <summary>Whether the target names nothing at all, which addresses every VEN.</summary>
    public bool IsEveryone =>
        VenIds.Count == 0 && GroupIds.Count == 0 && ResourceIds.Count == 0 && PartyIds.Count == 0 && OtherCriteria.Count == 0;

    /// <summary>
    /// Whether the event addresses this VEN. 2.0b semantics: an empty <c>ei:eiTarget</c> addresses every VEN;
    /// otherwise the criteria are alternatives, and the VEN is addressed when any listed identifier equals (ordinal)
    /// its <paramref name="venId"/> or one of its groups, resources or parties. A target that lists only criteria
    /// this model cannot evaluate (<see cref="OtherCriteria"/>) is not taken as addressing the VEN.
    /// </summary>
    /// <param name="venId">The VEN's <c>venID</c> from registration; null or empty when it has none.</param>
    /// <param name="groupIds">The VEN's groups; null for none.</param>
    /// <param name="resourceIds">The VEN's resources; null for none.</param>
    /// <param name="partyIds">The VEN's parties; null for none.</param>
    public bool Matches(string? venId, IEnumerable<string>? groupIds = null, IEnumerable<string>? resourceIds = null,
        IEnumerable<string>? partyIds = null)
    {
        if (IsEveryone)
        {
            return true;
        }

        return (!string.IsNullOrEmpty(venId) && VenIds.Contains(venId, StringComparer.Ordinal))
            || AnyListed(GroupIds, groupIds)
            || AnyListed(ResourceIds, resourceIds)
            || AnyListed(PartyIds, partyIds);
    }

    private static bool AnyListed(IReadOnlyList<string> listed, IEnumerable<string>? own) =>
        listed.Count > 0 && own is not null && own.Any(id => !string.IsNullOrEmpty(id) && listed.Contains(id, StringComparer.Ordinal));
}
