namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// <c>oadr:oadrDistributeEvent</c> (<c>oadr:oadrDistributeEventType</c>): a VTN's complete list of the events it
/// currently holds for the VEN. An event missing from a later distribution is no longer pending. The optional
/// <c>ei:eiResponse</c> is not carried.
/// </summary>
public sealed class OpenAdrDistributeEvent
{
    /// <summary><c>pyld:requestID</c>.</summary>
    public required string RequestId { get; init; }

    /// <summary><c>ei:vtnID</c>.</summary>
    public required string VtnId { get; init; }

    /// <summary>The <c>oadr:oadrEvent</c>s, in wire order (zero or more).</summary>
    public IReadOnlyList<OpenAdrEvent> Events { get; init; } = [];
}
