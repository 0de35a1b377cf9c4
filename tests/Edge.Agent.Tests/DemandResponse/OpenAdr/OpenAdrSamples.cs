namespace Edge.Agent.Tests.DemandResponse.OpenAdr;

/// <summary>
/// Golden OpenADR 2.0b payloads, written by hand from <c>oadr_20b.xsd</c> / <c>oadr_ei_20b.xsd</c> /
/// <c>oadr_xcal_20b.xsd</c> / <c>oadr_strm_20b.xsd</c> in the element order those schemas declare.
/// </summary>
internal static class OpenAdrSamples
{
    /// <summary>
    /// What a VTN sends: the full <c>oadrPayload</c>, namespaces declared the way VTNs often do (a default namespace
    /// on some elements, prefixes on others), two events. The first: far, priority 1, a three-hour critical-peak event
    /// with a 10-minute start tolerance and a day's notice, a SIMPLE level signal of three intervals and an
    /// ELECTRICITY_PRICE signal, targeted at a group and two VENs. The second: a near, open-ended (PT0S) test event at
    /// level 3 for one resource or one party, no response wanted.
    /// </summary>
    public const string VtnPayload = """
        <?xml version="1.0" encoding="UTF-8"?>
        <oadr:oadrPayload xmlns:oadr="http://openadr.org/oadr-2.0b/2012/07">
          <oadr:oadrSignedObject>
            <oadr:oadrDistributeEvent xmlns:ei="http://docs.oasis-open.org/ns/energyinterop/201110"
                                      xmlns:xcal="urn:ietf:params:xml:ns:icalendar-2.0"
                                      xmlns:strm="urn:ietf:params:xml:ns:icalendar-2.0:stream"
                                      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                      ei:schemaVersion="2.0b">
              <requestID xmlns="http://docs.oasis-open.org/ns/energyinterop/201110/payloads">req-5d1c</requestID>
              <ei:vtnID>vtn.example.com</ei:vtnID>
              <oadr:oadrEvent>
                <ei:eiEvent>
                  <ei:eventDescriptor>
                    <ei:eventID>evt-2026-12-07-peak</ei:eventID>
                    <ei:modificationNumber>2</ei:modificationNumber>
                    <ei:priority>1</ei:priority>
                    <ei:eiMarketContext>
                      <marketContext xmlns="http://docs.oasis-open.org/ns/emix/2011/06">http://vtn.example.com/programs/critical-peak</marketContext>
                    </ei:eiMarketContext>
                    <ei:createdDateTime>2026-12-06T14:00:00Z</ei:createdDateTime>
                    <ei:eventStatus>far</ei:eventStatus>
                    <ei:testEvent>false</ei:testEvent>
                  </ei:eventDescriptor>
                  <ei:eiActivePeriod>
                    <xcal:properties>
                      <xcal:dtstart>
                        <xcal:date-time>2026-12-07T17:00:00Z</xcal:date-time>
                      </xcal:dtstart>
                      <xcal:duration>
                        <xcal:duration>PT3H</xcal:duration>
                      </xcal:duration>
                      <xcal:tolerance>
                        <xcal:tolerate>
                          <xcal:startafter>PT10M</xcal:startafter>
                        </xcal:tolerate>
                      </xcal:tolerance>
                      <ei:x-eiNotification>
                        <xcal:duration>P1D</xcal:duration>
                      </ei:x-eiNotification>
                    </xcal:properties>
                    <xcal:components xsi:nil="true"/>
                  </ei:eiActivePeriod>
                  <ei:eiEventSignals>
                    <ei:eiEventSignal>
                      <strm:intervals>
                        <ei:interval>
                          <xcal:duration><xcal:duration>PT1H</xcal:duration></xcal:duration>
                          <xcal:uid><xcal:text>0</xcal:text></xcal:uid>
                          <ei:signalPayload><ei:payloadFloat><ei:value>1</ei:value></ei:payloadFloat></ei:signalPayload>
                        </ei:interval>
                        <ei:interval>
                          <xcal:duration><xcal:duration>PT1H30M</xcal:duration></xcal:duration>
                          <xcal:uid><xcal:text>1</xcal:text></xcal:uid>
                          <ei:signalPayload><ei:payloadFloat><ei:value>2</ei:value></ei:payloadFloat></ei:signalPayload>
                        </ei:interval>
                        <ei:interval>
                          <xcal:duration><xcal:duration>PT30M</xcal:duration></xcal:duration>
                          <xcal:uid><xcal:text>2</xcal:text></xcal:uid>
                          <ei:signalPayload><ei:payloadFloat><ei:value>1</ei:value></ei:payloadFloat></ei:signalPayload>
                        </ei:interval>
                      </strm:intervals>
                      <ei:signalName>SIMPLE</ei:signalName>
                      <ei:signalType>level</ei:signalType>
                      <ei:signalID>sig-simple</ei:signalID>
                      <ei:currentValue><ei:payloadFloat><ei:value>0</ei:value></ei:payloadFloat></ei:currentValue>
                    </ei:eiEventSignal>
                    <ei:eiEventSignal>
                      <strm:intervals>
                        <ei:interval>
                          <xcal:duration><xcal:duration>PT1H</xcal:duration></xcal:duration>
                          <xcal:uid><xcal:text>0</xcal:text></xcal:uid>
                          <ei:signalPayload><ei:payloadFloat><ei:value>0.35</ei:value></ei:payloadFloat></ei:signalPayload>
                        </ei:interval>
                        <ei:interval>
                          <xcal:duration><xcal:duration>PT2H</xcal:duration></xcal:duration>
                          <xcal:uid><xcal:text>1</xcal:text></xcal:uid>
                          <ei:signalPayload><ei:payloadFloat><ei:value>0.52</ei:value></ei:payloadFloat></ei:signalPayload>
                        </ei:interval>
                      </strm:intervals>
                      <ei:signalName>ELECTRICITY_PRICE</ei:signalName>
                      <ei:signalType>price</ei:signalType>
                      <ei:signalID>sig-price</ei:signalID>
                    </ei:eiEventSignal>
                  </ei:eiEventSignals>
                  <ei:eiTarget>
                    <ei:groupID>residential-north</ei:groupID>
                    <ei:venID>ven-edge-0042</ei:venID>
                    <ei:venID>ven-edge-0043</ei:venID>
                  </ei:eiTarget>
                </ei:eiEvent>
                <oadr:oadrResponseRequired>always</oadr:oadrResponseRequired>
              </oadr:oadrEvent>
              <oadr:oadrEvent>
                <ei:eiEvent>
                  <ei:eventDescriptor>
                    <ei:eventID>evt-2026-12-06-open</ei:eventID>
                    <ei:modificationNumber>0</ei:modificationNumber>
                    <ei:eiMarketContext>
                      <marketContext xmlns="http://docs.oasis-open.org/ns/emix/2011/06">http://vtn.example.com/programs/emergency</marketContext>
                    </ei:eiMarketContext>
                    <ei:createdDateTime>2026-12-06T19:45:12.5Z</ei:createdDateTime>
                    <ei:eventStatus>near</ei:eventStatus>
                    <ei:testEvent>true</ei:testEvent>
                  </ei:eventDescriptor>
                  <ei:eiActivePeriod>
                    <xcal:properties>
                      <xcal:dtstart>
                        <xcal:date-time>2026-12-06T20:00:00Z</xcal:date-time>
                      </xcal:dtstart>
                      <xcal:duration>
                        <xcal:duration>PT0S</xcal:duration>
                      </xcal:duration>
                    </xcal:properties>
                    <xcal:components xsi:nil="true"/>
                  </ei:eiActivePeriod>
                  <ei:eiEventSignals>
                    <ei:eiEventSignal>
                      <strm:intervals>
                        <ei:interval>
                          <xcal:duration><xcal:duration>PT0S</xcal:duration></xcal:duration>
                          <xcal:uid><xcal:text>0</xcal:text></xcal:uid>
                          <ei:signalPayload><ei:payloadFloat><ei:value>3</ei:value></ei:payloadFloat></ei:signalPayload>
                        </ei:interval>
                      </strm:intervals>
                      <ei:signalName>SIMPLE</ei:signalName>
                      <ei:signalType>level</ei:signalType>
                      <ei:signalID>sig-open</ei:signalID>
                    </ei:eiEventSignal>
                  </ei:eiEventSignals>
                  <ei:eiTarget>
                    <ei:resourceID>heater-1</ei:resourceID>
                    <ei:partyID>party-7</ei:partyID>
                  </ei:eiTarget>
                </ei:eiEvent>
                <oadr:oadrResponseRequired>never</oadr:oadrResponseRequired>
              </oadr:oadrEvent>
            </oadr:oadrDistributeEvent>
          </oadr:oadrSignedObject>
        </oadr:oadrPayload>
        """;

    /// <summary>
    /// A bare <c>oadrDistributeEvent</c> (the pubsub item form) with one minimal event: every element the schema
    /// requires and nothing else. Tests break it one string replacement at a time.
    /// </summary>
    public const string Minimal = """
        <oadr:oadrDistributeEvent xmlns:oadr="http://openadr.org/oadr-2.0b/2012/07"
            xmlns:pyld="http://docs.oasis-open.org/ns/energyinterop/201110/payloads"
            xmlns:ei="http://docs.oasis-open.org/ns/energyinterop/201110"
            xmlns:emix="http://docs.oasis-open.org/ns/emix/2011/06"
            xmlns:xcal="urn:ietf:params:xml:ns:icalendar-2.0"
            xmlns:strm="urn:ietf:params:xml:ns:icalendar-2.0:stream">
          <pyld:requestID>r1</pyld:requestID>
          <ei:vtnID>vtn</ei:vtnID>
          <oadr:oadrEvent>
            <ei:eiEvent>
              <ei:eventDescriptor>
                <ei:eventID>e1</ei:eventID>
                <ei:modificationNumber>0</ei:modificationNumber>
                <ei:eiMarketContext><emix:marketContext>http://mc</emix:marketContext></ei:eiMarketContext>
                <ei:createdDateTime>2026-12-06T10:00:00Z</ei:createdDateTime>
                <ei:eventStatus>active</ei:eventStatus>
              </ei:eventDescriptor>
              <ei:eiActivePeriod>
                <xcal:properties>
                  <xcal:dtstart><xcal:date-time>2026-12-06T11:00:00Z</xcal:date-time></xcal:dtstart>
                  <xcal:duration><xcal:duration>PT2H</xcal:duration></xcal:duration>
                </xcal:properties>
                <xcal:components/>
              </ei:eiActivePeriod>
              <ei:eiEventSignals>
                <ei:eiEventSignal>
                  <strm:intervals>
                    <ei:interval>
                      <xcal:duration><xcal:duration>PT1H</xcal:duration></xcal:duration>
                      <ei:signalPayload><ei:payloadFloat><ei:value>2</ei:value></ei:payloadFloat></ei:signalPayload>
                    </ei:interval>
                  </strm:intervals>
                  <ei:signalName>SIMPLE</ei:signalName>
                  <ei:signalType>level</ei:signalType>
                  <ei:signalID>s1</ei:signalID>
                </ei:eiEventSignal>
              </ei:eiEventSignals>
              <ei:eiTarget/>
            </ei:eiEvent>
            <oadr:oadrResponseRequired>always</oadr:oadrResponseRequired>
          </oadr:oadrEvent>
        </oadr:oadrDistributeEvent>
        """;
}
