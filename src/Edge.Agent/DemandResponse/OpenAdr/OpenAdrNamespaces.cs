using System.Xml.Linq;

namespace Edge.Agent.DemandResponse.OpenAdr;

/// <summary>
/// The XML namespaces of an OpenADR 2.0b event payload (the <c>targetNamespace</c>s of <c>oadr_20b.xsd</c>,
/// <c>oadr_ei_20b.xsd</c>, <c>oadr_pyld_20b.xsd</c>, <c>oadr_xcal_20b.xsd</c>, <c>oadr_strm_20b.xsd</c> and
/// <c>oadr_emix_20b.xsd</c>): the only place their strings appear.
/// </summary>
public static class OpenAdrNamespaces
{
    /// <summary>OpenADR 2.0b itself: <c>oadrPayload</c>, <c>oadrDistributeEvent</c>, <c>oadrEvent</c>, <c>oadrResponseRequired</c>.</summary>
    public const string OadrUri = "http://openadr.org/oadr-2.0b/2012/07";

    /// <summary>OASIS Energy Interoperation: <c>eiEvent</c>, <c>eventDescriptor</c>, <c>eiTarget</c>, <c>interval</c>…</summary>
    public const string EiUri = "http://docs.oasis-open.org/ns/energyinterop/201110";

    /// <summary>Energy Interoperation payloads: <c>requestID</c>.</summary>
    public const string PyldUri = "http://docs.oasis-open.org/ns/energyinterop/201110/payloads";

    /// <summary>xCal (RFC 6321) as profiled by WS-Calendar: <c>properties</c>, <c>dtstart</c>, <c>duration</c>, <c>uid</c>.</summary>
    public const string XcalUri = "urn:ietf:params:xml:ns:icalendar-2.0";

    /// <summary>WS-Calendar streams: <c>intervals</c>.</summary>
    public const string StrmUri = "urn:ietf:params:xml:ns:icalendar-2.0:stream";

    /// <summary>EMIX: <c>marketContext</c>.</summary>
    public const string EmixUri = "http://docs.oasis-open.org/ns/emix/2011/06";

    /// <summary>XML Schema instance, for <c>xcal:components xsi:nil="true"</c>.</summary>
    public const string XsiUri = "http://www.w3.org/2001/XMLSchema-instance";

    public static readonly XNamespace Oadr = OadrUri;

    public static readonly XNamespace Ei = EiUri;

    public static readonly XNamespace Pyld = PyldUri;

    public static readonly XNamespace Xcal = XcalUri;

    public static readonly XNamespace Strm = StrmUri;

    public static readonly XNamespace Emix = EmixUri;

    public static readonly XNamespace Xsi = XsiUri;
}
