namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// <c>ei:eventStatus</c> (<c>ei:EventStatusEnumeratedType</c> in <c>oadr_ei_20b.xsd</c>); on the wire the lower-case
/// member names: <c>none</c>, <c>far</c>, <c>near</c>, <c>active</c>, <c>completed</c>, <c>cancelled</c>.
/// </summary>
public enum OpenAdrEventStatus
{
    /// <summary>No event pending.</summary>
    None,

    /// <summary>Pending in the far future (what "far" means is the market context's; typically the next day).</summary>
    Far,

    /// <summary>Pending in the near future.</summary>
    Near,

    /// <summary>Initiated and currently active.</summary>
    Active,

    /// <summary>Completed.</summary>
    Completed,

    /// <summary>Cancelled (the wire spelling is <c>cancelled</c>, two l's).</summary>
    Cancelled,
}
