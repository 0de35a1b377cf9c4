using System.Xml.Linq;
using Edge.Iot.Provisioning;
using Edge.Iot.Tests.Concentrator;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Tests.Provisioning;

/// <summary>The XEP-0324 elements against the spec's own examples, both ways, and every refusal of the readers.</summary>
[TestClass]
public sealed class ProvisioningCodecTests
{
    private const string Ns = "urn:xmpp:iot:provisioning";
    private static readonly Jid Client = Jid.Parse("client1@example.org");

    [TestMethod]
    public void IsFriend_SpecExample_RoundTrips()
    {
        // §Friendship request accepted.
        var wire = XElement.Parse($"<isFriend xmlns='{Ns}' jid='client1@example.org'/>");

        Assert.IsTrue(ProvisioningCodec.TryReadIsFriend(wire, out var jid, out var error), error);
        Assert.AreEqual(Client, jid);
        XmlAssert.AreEqual(wire.ToString(), ProvisioningCodec.IsFriend(Jid.Parse("client1@example.org/phone")));
    }

    [TestMethod]
    public void IsFriendResponse_SpecExample_ReadAndWritten()
    {
        var wire = XElement.Parse($"<isFriendResponse xmlns='{Ns}' jid='client1@example.org' result='true'/>");

        Assert.IsTrue(ProvisioningCodec.TryReadIsFriendResponse(wire, out var answer, out var error), error);
        Assert.AreEqual(new FriendAnswer(Client, true, false), answer);
        XmlAssert.AreEqual(wire.ToString(), ProvisioningCodec.IsFriendResponse(answer));
        var secondary = ProvisioningCodec.IsFriendResponse(answer with { SecondaryTrustAllowed = true });
        Assert.AreEqual("true", (string?)secondary.Attribute("secondaryTrustAllowed"));
    }

    [TestMethod]
    public void CanRead_RestrictingNodesExample_AllParts()
    {
        // §Restricting nodes during read-out: the device's question.
        var wire = XElement.Parse($"""
            <canRead xmlns='{Ns}' jid='primary@example.org' momentary='true' serviceToken='SERVICETOKEN1' userToken='USERTOKEN1'>
              <node nodeId='Device02'/><node nodeId='Device03'/><field name='Energy'/>
            </canRead>
            """);

        Assert.IsTrue(ProvisioningCodec.TryReadCanRead(wire, out var request, out var error), error);

        Assert.AreEqual(Jid.Parse("primary@example.org"), request.Requester);
        Assert.AreEqual(ReadoutTypes.Momentary, request.Types);
        CollectionAssert.AreEqual(new[] { new ThingReference("Device02"), new ThingReference("Device03") }, request.Nodes.ToArray());
        CollectionAssert.AreEqual(new[] { "Energy" }, request.FieldNames.ToArray());
        Assert.AreEqual(new AccessTokens("SERVICETOKEN1", null, "USERTOKEN1"), request.Tokens);
        Assert.IsTrue(ProvisioningCodec.TryReadCanRead(ProvisioningCodec.CanRead(request), out var again, out error), error);
        Assert.AreEqual(request.Requester, again.Requester);
        Assert.AreEqual(request.Types, again.Types);
        CollectionAssert.AreEqual(request.Nodes.ToArray(), again.Nodes.ToArray());
        CollectionAssert.AreEqual(request.FieldNames.ToArray(), again.FieldNames.ToArray());
        Assert.AreEqual(request.Tokens, again.Tokens);
    }

    [TestMethod]
    public void CanReadResponse_RestrictingFieldsExample_ListsTheAllowedFields()
    {
        // §Restricting fields during read-out: the service's answer.
        var wire = XElement.Parse($"""
            <canReadResponse xmlns='{Ns}' jid='primary@example.org' momentary='true' result='true'>
              <field name='Energy'/><field name='Power'/>
            </canReadResponse>
            """);

        Assert.IsTrue(ProvisioningCodec.TryReadCanReadResponse(wire, out var permission, out var error), error);

        Assert.IsTrue(permission.Result);
        CollectionAssert.AreEqual(new[] { "Energy", "Power" }, permission.FieldNames.ToArray());
        Assert.AreEqual(0, permission.Nodes.Count);
        XmlAssert.AreEqual(wire.ToString(), ProvisioningCodec.CanReadResponse(permission));
    }

    [TestMethod]
    public void CanReadResponse_AllKinds_WrittenAsAll()
    {
        var e = ProvisioningCodec.CanReadResponse(ReadPermission.Refused(Client, ReadoutTypes.All));

        Assert.AreEqual("true", (string?)e.Attribute("all"));
        Assert.AreEqual("false", (string?)e.Attribute("result"));
        Assert.IsTrue(ProvisioningCodec.TryReadCanReadResponse(e, out var read, out var error), error);
        Assert.AreEqual(ReadoutTypes.All, read.Types);
    }

    [TestMethod]
    public void CanControl_RestrictingParametersExample_RoundTrips()
    {
        // §Restricting parameters during control.
        var wire = XElement.Parse($"""
            <canControl xmlns='{Ns}' jid='primary@example.org' serviceToken='SERVICETOKEN1' userToken='user0001'>
              <parameter name='DigitalOutput1'/><parameter name='AnalogOutput1'/>
            </canControl>
            """);

        Assert.IsTrue(ProvisioningCodec.TryReadCanControl(wire, out var request, out var error), error);
        CollectionAssert.AreEqual(new[] { "DigitalOutput1", "AnalogOutput1" }, request.ParameterNames.ToArray());
        Assert.AreEqual("user0001", request.Tokens.UserToken);
        XmlAssert.AreEqual(wire.ToString(), ProvisioningCodec.CanControl(request));
    }

    [TestMethod]
    public void CanControlResponse_NodesAndParameters_RoundTrip()
    {
        var wire = XElement.Parse($"""
            <canControlResponse xmlns='{Ns}' jid='primary@example.org' result='true'>
              <node nodeId='Device01' sourceId='MeteringTopology'/><parameter name='DigitalOutput1'/>
            </canControlResponse>
            """);

        Assert.IsTrue(ProvisioningCodec.TryReadCanControlResponse(wire, out var permission, out var error), error);
        Assert.AreEqual(new ThingReference("Device01", "MeteringTopology"), permission.Nodes.Single());
        XmlAssert.AreEqual(wire.ToString(), ProvisioningCodec.CanControlResponse(permission));
    }

    [TestMethod]
    public void ClearCache_SpecExample_BothElements()
    {
        XmlAssert.AreEqual(XElement.Parse($"<clearCache xmlns='{Ns}'/>").ToString(), ProvisioningCodec.ClearCache());
        XmlAssert.AreEqual(XElement.Parse($"<clearCacheResponse xmlns='{Ns}'/>").ToString(), ProvisioningCodec.ClearCacheResponse());
    }

    [TestMethod]
    [DataRow("friend", ProvisioningMessageKind.Friend)]
    [DataRow("unfriend", ProvisioningMessageKind.Unfriend)]
    public void Recommendation_SpecExamples_ReadAndWritten(string name, ProvisioningMessageKind kind)
    {
        var message = XElement.Parse($"<message from='provisioning.example.org' to='device@example.org'><{name} xmlns='{Ns}' jid='client2@example.org'/></message>");

        Assert.IsTrue(ProvisioningCodec.TryReadRecommendation(message, out var recommendation, out var error), error);
        Assert.AreEqual(new ProvisioningMessage(kind, Jid.Parse("client2@example.org")), recommendation);
        XmlAssert.AreEqual(message.Elements().Single().ToString(), ProvisioningCodec.Recommendation(recommendation));
    }

    [TestMethod]
    public void TryReadRecommendation_OtherMessage_FalseWithoutError()
    {
        var message = XElement.Parse("<message><body>hi</body></message>");

        Assert.IsFalse(ProvisioningCodec.TryReadRecommendation(message, out _, out var error));
        Assert.IsNull(error);
    }

    [TestMethod]
    public void TryReadTokenChallenge_Token_Read()
    {
        var wire = XElement.Parse($"<tokenChallenge xmlns='{Ns}' token='TOKEN1'>AAEC</tokenChallenge>");

        Assert.IsTrue(ProvisioningCodec.TryReadTokenChallenge(wire, out var token, out var error), error);
        Assert.AreEqual("TOKEN1", token);
    }

    [TestMethod]
    [DataRow("<isFriend xmlns='urn:xmpp:iot:provisioning'/>", "no 'jid'")]
    [DataRow("<isFriend xmlns='urn:xmpp:iot:provisioning' jid='@bad'/>", "not a JID")]
    [DataRow("<isFriend xmlns='urn:xmpp:iot:discovery' jid='a@b'/>", "Expected <isFriend")]
    [DataRow("<isFriendResponse xmlns='urn:xmpp:iot:provisioning' jid='a@b'/>", "no 'result'")]
    [DataRow("<isFriendResponse xmlns='urn:xmpp:iot:provisioning' jid='a@b' result='maybe'/>", "result")]
    [DataRow("<canRead xmlns='urn:xmpp:iot:provisioning' jid='a@b'><node/></canRead>", "nodeId")]
    [DataRow("<canRead xmlns='urn:xmpp:iot:provisioning' jid='a@b'><field/></canRead>", "needs a 'name'")]
    [DataRow("<canRead xmlns='urn:xmpp:iot:provisioning' jid='a@b' momentary='yes'/>", "momentary")]
    [DataRow("<canControl xmlns='urn:xmpp:iot:provisioning' jid='a@b'><parameter name=''/></canControl>", "needs a 'name'")]
    [DataRow("<canControlResponse xmlns='urn:xmpp:iot:provisioning' jid='a@b'/>", "no 'result'")]
    [DataRow("<canReadResponse xmlns='urn:xmpp:iot:provisioning' result='true'/>", "no 'jid'")]
    [DataRow("<tokenChallenge xmlns='urn:xmpp:iot:provisioning'>AA</tokenChallenge>", "'token'")]
    public void Readers_Malformed_RefusedWithReason(string xml, string expected)
    {
        var element = XElement.Parse(xml);

        var ok = element.Name.LocalName switch
        {
            "isFriend" => ProvisioningCodec.TryReadIsFriend(element, out _, out var e1) || Fail(e1),
            "isFriendResponse" => ProvisioningCodec.TryReadIsFriendResponse(element, out _, out var e2) || Fail(e2),
            "canRead" => ProvisioningCodec.TryReadCanRead(element, out _, out var e3) || Fail(e3),
            "canReadResponse" => ProvisioningCodec.TryReadCanReadResponse(element, out _, out var e4) || Fail(e4),
            "canControl" => ProvisioningCodec.TryReadCanControl(element, out _, out var e5) || Fail(e5),
            "canControlResponse" => ProvisioningCodec.TryReadCanControlResponse(element, out _, out var e6) || Fail(e6),
            _ => ProvisioningCodec.TryReadTokenChallenge(element, out _, out var e7) || Fail(e7),
        };

        Assert.IsFalse(ok);
        StringAssert.Contains(_lastError, expected);
    }

    [TestMethod]
    public void TryReadCanRead_TooManyItems_Refused()
    {
        var element = new XElement(XName.Get("canRead", Ns), new XAttribute("jid", "a@b"),
            Enumerable.Range(0, ProvisioningCodec.MaxItems + 1).Select(i => new XElement(XName.Get("field", Ns), new XAttribute("name", "f" + i))));

        Assert.IsFalse(ProvisioningCodec.TryReadCanRead(element, out _, out var error));
        StringAssert.Contains(error, "more than 1000");
    }

    [TestMethod]
    public void TryReadCanControl_OversizedToken_Refused()
    {
        var element = new XElement(XName.Get("canControl", Ns), new XAttribute("jid", "a@b"),
            new XAttribute("userToken", new string('t', AccessTokens.MaxLength + 1)));

        Assert.IsFalse(ProvisioningCodec.TryReadCanControl(element, out _, out var error));
        StringAssert.Contains(error, "'userToken'");
    }

    [TestMethod]
    public void AccessTokens_SpaceSeparated_EachTokenCountedNeverPrinted()
    {
        var tokens = new AccessTokens("S1 S2", null, "U1");

        CollectionAssert.AreEqual(new[] { "S1", "S2", "U1" }, tokens.All().ToArray());
        Assert.AreEqual("3 token(s)", tokens.ToString());
    }

    private string _lastError = string.Empty;

    private bool Fail(string? error)
    {
        _lastError = error ?? string.Empty;
        return false;
    }
}
