namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// <c>oadr:oadrResponseRequired</c> (<c>oadr:ResponseRequiredType</c> in <c>oadr_20b.xsd</c>): whether the VEN answers
/// the event with an <c>oadrCreatedEvent</c> (optIn/optOut). On the wire <c>always</c> or <c>never</c>.
/// </summary>
public enum OpenAdrResponseRequired
{
    /// <summary><c>always</c>: respond to every event received.</summary>
    Always,

    /// <summary><c>never</c>: do not respond.</summary>
    Never,
}
