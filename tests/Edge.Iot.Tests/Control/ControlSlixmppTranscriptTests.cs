using static Edge.Iot.Tests.Control.ControlFixture;

namespace Edge.Iot.Tests.Control;

/// <summary>
/// Requests exactly as slixmpp 1.8.3's xep_0325 plugin builds them (printed offline from its stanza classes:
/// <c>set_request</c> for the IQ, <c>set_command</c> for the message) get a useful answer.
/// </summary>
[TestClass]
public sealed class ControlSlixmppTranscriptTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetRequest_AllTenTypesOnANode_AppliedAndAnsweredWithSetResponse()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.RequestAsync(
            "<iq xmlns=\"jabber:client\" id=\"1\" to=\"user@example.com/meter-7\" from=\"backend@example.org/app\" type=\"set\">"
            + "<set xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"device\" /><boolean name=\"Output\" value=\"true\" />"
            + "<color name=\"Color\" value=\"3399FF\" /><date name=\"TariffStartDate\" value=\"2013-05-01\" />"
            + "<dateTime name=\"Alarm At\" value=\"2013-04-02T08:00:00\" /><double name=\"4-20mA\" value=\"8.192\" />"
            + "<duration name=\"Alarm Duration\" value=\"PT3M30S\" /><int name=\"Counter\" value=\"50000\" />"
            + "<long name=\"Energy\" value=\"500000000000000\" /><string name=\"Row1\" value=\"Temperature: 21.4 °C\" />"
            + "<time name=\"Alarm Time\" value=\"08:00:00\" /></set></iq>", ct);

        // slixmpp's _handle_set_response fires on iq@type=result/setResponse; it reads responseCode, which the
        // v0.3+ setResponse no longer has (an empty setResponse means done as requested).
        ExpectEmptySetResponse(answer);
        Assert.AreEqual(10, f.Provider.Writes.Count);
        Assert.AreEqual("Output,Color,TariffStartDate,Alarm At,4-20mA,Alarm Duration,Counter,Energy,Row1,Alarm Time",
            string.Join(",", f.Provider.Writes.Select(w => w.Parameter.Name)));
        Assert.AreEqual(50000, f.Parameter<int>("device", "Counter").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetCommand_MessageToTwoNodes_AppliedWithoutAnswer()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        await f.Harness.Server.SendAsync(
            "<message xmlns=\"jabber:client\" to=\"user@example.com\" from=\"backend@example.org/app\">"
            + "<set xmlns=\"urn:xmpp:iot:control\"><node nodeId=\"relay-1\" /><node nodeId=\"relay-2\" />"
            + "<boolean name=\"Output\" value=\"true\" /></set></message>", ct);

        await f.ExpectNoAnswerAsync(ct);
        Assert.IsTrue(f.Parameter<bool>("relay-1", "Output").Value);
        Assert.IsTrue(f.Parameter<bool>("relay-2", "Output").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetCommand_WithItsNonStandardTypeSet_StillApplied()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // set_command assigns msg['type'] = "set"; a stanza class that kept it would send type='set'.
        await f.Harness.Server.SendAsync("<message type='set' to='user@example.com' from='backend@example.org/app'>"
            + "<set xmlns='urn:xmpp:iot:control'><node nodeId='relay-2'/><boolean name='Output' value='1'/></set></message>", ct);

        await f.ExpectNoAnswerAsync(ct);
        Assert.IsTrue(f.Parameter<bool>("relay-2", "Output").Value);
        Assert.IsFalse(f.Parameter<bool>("relay-1", "Output").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetRequest_UnknownField_ErrorCarriesTheParameterName()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.RequestAsync(
            "<iq xmlns=\"jabber:client\" id=\"2\" to=\"user@example.com/meter-7\" from=\"backend@example.org/app\" type=\"set\">"
            + "<set xmlns=\"urn:xmpp:iot:control\"><int name=\"Nope\" value=\"1\" /></set></iq>", ct);

        // The v0.3+ answer (stanza error + paramError). slixmpp 1.8's set_request callback only fires on a
        // setResponse (its pre-v0.3 error shape), so a slixmpp requester sees this as an IQ error, not via the callback.
        Assert.AreEqual("2", (string?)answer.Attribute("id"));
        ExpectParamError(ExpectError(answer, "cancel", "item-not-found"), "Nope");
        Assert.AreEqual(0, f.Provider.Writes.Count);
    }
}
