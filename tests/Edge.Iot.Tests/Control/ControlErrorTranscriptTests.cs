using Edge.Things.Control;
using Microsoft.Extensions.Logging;
using static Edge.Iot.Tests.Control.ControlFixture;

namespace Edge.Iot.Tests.Control;

/// <summary>
/// XEP-0325 set, every refusal (§6.1): each answers the XEP's error with a paramError naming the parameter where one
/// is concerned, and leaves the device as it was — an invalid set changes nothing.
/// </summary>
[TestClass]
public sealed class ControlErrorTranscriptTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_UnknownParameter_ItemNotFoundNamingItNothingWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><boolean name='Output' value='true'/><int name='Nope' value='1'/></set>", ct);

        var error = ExpectError(answer, "cancel", "item-not-found");
        StringAssert.Contains(ExpectParamError(error, "Nope"), "'Nope'");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsFalse(f.Parameter<bool>("device", "Output").Value, "The valid parameter before it is not written either.");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_UnparsableLexicalForms_BadRequestQuotingTheValue()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);
        var cases = new (string Element, string Name, string Lexical)[]
        {
            ("int", "Counter", "12.5"),
            ("boolean", "Output", "yes"),
            ("color", "Color", "33-99-FF"),
            ("date", "TariffStartDate", "01/05/2013"),
            ("dateTime", "Alarm At", "2013-04-02 08:00"),
            ("double", "4-20mA", "8,192"),
            ("duration", "Alarm Duration", "P1M"),
            ("long", "Energy", "5e14"),
            ("time", "Alarm Time", "8am"),
        };

        foreach (var (element, name, lexical) in cases)
        {
            var answer = await f.SetAsync($"<set xmlns='urn:xmpp:iot:control'><{element} name='{name}' value='{lexical}'/></set>", ct);

            var error = ExpectError(answer, "modify", "bad-request");
            var text = ExpectParamError(error, name);
            StringAssert.Contains(text, $"Parameter '{name}': '{lexical}' is not a valid {element} value", element);
        }

        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.AreEqual(0, f.Parameter<int>("device", "Counter").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_ElementOfTheWrongType_BadRequestNamingTheParameter()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><boolean name='4-20mA' value='true'/></set>", ct);

        var text = ExpectParamError(ExpectError(answer, "modify", "bad-request"), "4-20mA");
        StringAssert.Contains(text, "needs a Double value");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.AreEqual(4d, f.Parameter<double>("device", "4-20mA").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_OutOfRange_BadRequestBelowAndAboveNothingWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);
        var cases = new (string Payload, string Name, string Reason)[]
        {
            ("<double name='4-20mA' value='3.99'/>", "4-20mA", "below the minimum 4"),
            ("<double name='4-20mA' value='20.01'/>", "4-20mA", "above the maximum 20"),
            ("<double name='4-20mA' value='INF'/>", "4-20mA", "not a finite number"),
            ("<double name='4-20mA' value='NaN'/>", "4-20mA", "not a finite number"),
            ("<int name='Counter' value='-100001'/>", "Counter", "below the minimum -100000"),
            ("<time name='Alarm Time' value='23:00:00'/>", "Alarm Time", "above the maximum"),
            ("<duration name='Alarm Duration' value='-PT1S'/>", "Alarm Duration", "below the minimum"),
            ("<date name='TariffStartDate' value='1999-12-31'/>", "TariffStartDate", "below the minimum"),
            ("<string name='Row1' value='This text is longer than thirty-two characters'/>", "Row1", "longer than the maximum 32"),
            ("<string name='Code' value='ab-12'/>", "Code", "does not match the pattern"),
        };

        foreach (var (payload, name, reason) in cases)
        {
            var answer = await f.SetAsync($"<set xmlns='urn:xmpp:iot:control'>{payload}</set>", ct);

            StringAssert.Contains(ExpectParamError(ExpectError(answer, "modify", "bad-request"), name), reason, payload);
        }

        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.AreEqual(4d, f.Parameter<double>("device", "4-20mA").Value);
        Assert.AreEqual(string.Empty, f.Parameter<string>("device", "Row1").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_ReadOnlyParameter_BadRequestNothingWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><boolean name='Output' value='true'/><boolean name='Locked' value='false'/></set>", ct);

        StringAssert.Contains(ExpectParamError(ExpectError(answer, "modify", "bad-request"), "Locked"), "read-only");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsTrue(f.Parameter<bool>("device", "Locked").Value);
        Assert.IsFalse(f.Parameter<bool>("device", "Output").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_UnknownNode_ItemNotFound()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node nodeId='relay-1'/><node nodeId='relay-9'/>"
            + "<boolean name='Output' value='true'/></set>", ct);

        var error = ExpectError(answer, "cancel", "item-not-found");
        StringAssert.Contains(error.Element(Stanzas + "text")?.Value, "'relay-9'");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsFalse(f.Parameter<bool>("relay-1", "Output").Value);

        var wrongSource = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node nodeId='relay-1' sourceId='Elsewhere'/>"
            + "<boolean name='Output' value='true'/></set>", ct);
        ExpectError(wrongSource, "cancel", "item-not-found");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_PolicyRefuses_ForbiddenNothingWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);
        f.Policy.Deny("backend@example.org", IotOperation.Control);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><boolean name='Output' value='true'/></set>", ct);

        ExpectError(answer, "cancel", "forbidden");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsFalse(f.Parameter<bool>("device", "Output").Value);
        Assert.AreEqual(IotOperation.Control, f.Policy.Asked.Single().Operation);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_SecondParameterInvalid_FirstIsNotWrittenEither()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // XEP-0325 §3.3.4 "Setting a (partial) control form, Failure": OutputPercent 200 is out of range.
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control' xml:lang='en'><node nodeId='dimmer'/>"
            + "<x type='submit' xmlns='jabber:x:data'>"
            + "<field var='xdd session' type='hidden'><value>325ED0F3-9A9A-45A4-9634-4E0D41C5EA06</value></field>"
            + "<field var='FadeTimeMilliseconds' type='text-single'><value>500</value></field>"
            + "<field var='OutputPercent' type='text-single'><value>200</value></field></x></set>", ct);

        StringAssert.Contains(ExpectParamError(ExpectError(answer, "modify", "bad-request"), "OutputPercent"), "above the maximum 100");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.AreEqual(300, f.Parameter<int>("dimmer", "FadeTimeMilliseconds").Value);
        Assert.AreEqual(100, f.Parameter<int>("dimmer", "OutputPercent").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_ParameterOfAnotherTypeOnOneOfSeveralNodes_BadRequestNoNodeWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        // XEP-0325 §3.4.3: "the device must validate all parameters against all nodes before taking any control action".
        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control' xml:lang='en'><node nodeId='relay-1'/><node nodeId='relay-2'/>"
            + "<node nodeId='analog-1'/><boolean name='Output' value='true'/></set>", ct);

        var text = ExpectParamError(ExpectError(answer, "modify", "bad-request"), "Output");
        StringAssert.Contains(text, "node 'analog-1'");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsFalse(f.Parameter<bool>("relay-1", "Output").Value);

        // The form variant (§3.4.6): the same refusal.
        var form = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node nodeId='relay-1'/><node nodeId='analog-1'/>"
            + "<x type='submit' xmlns='jabber:x:data'><field var='Output' type='boolean'><value>true</value></field></x></set>", ct);
        ExpectParamError(ExpectError(form, "modify", "bad-request"), "Output");
        Assert.AreEqual(0, f.Provider.Writes.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_ParameterMissingOnOneOfSeveralNodes_ItemNotFoundNoNodeWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Concentrator(), ct);

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node nodeId='dimmer'/><node nodeId='relay-1'/>"
            + "<boolean name='MainSwitch' value='false'/></set>", ct);

        StringAssert.Contains(ExpectParamError(ExpectError(answer, "cancel", "item-not-found"), "MainSwitch"), "'relay-1'");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsTrue(f.Parameter<bool>("dimmer", "MainSwitch").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_ProviderRefusesTheFirstWrite_ConflictNamingTheParameterNothingWritten()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);
        f.Provider.RefuseWrites("Output", "Minimum off time of 30 s has not elapsed.");

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><boolean name='Output' value='true'/></set>", ct);

        var error = ExpectError(answer, "wait", "conflict");
        Assert.AreEqual("Minimum off time of 30 s has not elapsed.", ExpectParamError(error, "Output"));
        StringAssert.Contains(error.Element(Stanzas + "text")?.Value, "Nothing was written");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsFalse(f.Parameter<bool>("device", "Output").Value);
        Assert.IsTrue(f.Logger.Entries.Any(e => e.EventId == 202 && e.Level == LogLevel.Warning && e.Message.Contains("Output", StringComparison.Ordinal)));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_ProviderRefusesALaterWrite_EarlierWritesStandAndNoneAfter()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);
        f.Provider.RefuseWrites("Output", "Minimum off time of 30 s has not elapsed.");

        var answer = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><int name='Counter' value='5'/>"
            + "<boolean name='Output' value='true'/><int name='Energy' value='9'/></set>", ct);

        var error = ExpectError(answer, "wait", "conflict");
        ExpectParamError(error, "Output");
        StringAssert.Contains(error.Element(Stanzas + "text")?.Value, "1 earlier write(s) of this set were applied");
        Assert.AreEqual("Counter", f.Provider.Writes.Single().Parameter.Name, "The provider applies in order and stops at the refusal.");
        Assert.AreEqual(5, f.Parameter<int>("device", "Counter").Value);
        Assert.IsFalse(f.Parameter<bool>("device", "Output").Value);
        Assert.AreEqual(0L, f.Parameter<long>("device", "Energy").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByMessage_Invalid_NoAnswerNoWriteAndALogLine()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        await f.Harness.Server.SendAsync($"<message from='{Backend}' to='user@example.com'>"
            + "<set xmlns='urn:xmpp:iot:control'><double name='4-20mA' value='25'/></set></message>", ct);

        await f.ExpectNoAnswerAsync(ct);
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.AreEqual(4d, f.Parameter<double>("device", "4-20mA").Value);
        var line = f.Logger.Entries.Single(e => e.EventId == 203);
        Assert.AreEqual(LogLevel.Warning, line.Level);
        StringAssert.Contains(line.Message, Backend);
        StringAssert.Contains(line.Message, "above the maximum 20");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByMessage_RefusedByProviderOrPolicy_NoAnswerAndALogLine()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);
        f.Provider.RefuseWrites("Output", "Minimum off time of 30 s has not elapsed.");

        await f.Harness.Server.SendAsync($"<message from='{Backend}'><set xmlns='urn:xmpp:iot:control'><boolean name='Output' value='true'/></set></message>", ct);
        await f.ExpectNoAnswerAsync(ct);
        StringAssert.Contains(f.Logger.Entries.Single(e => e.EventId == 202).Message, "Minimum off time");

        f.Policy.Deny("mallory@example.org", IotOperation.Control);
        await f.Harness.Server.SendAsync("<message from='mallory@example.org/x'><set xmlns='urn:xmpp:iot:control'><int name='Counter' value='1'/></set></message>", ct);
        await f.ExpectNoAnswerAsync(ct);
        StringAssert.Contains(f.Logger.Entries.Single(e => e.EventId == 203).Message, "forbidden");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.AreEqual(0, f.Parameter<int>("device", "Counter").Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task SetByIq_MalformedOrWrongType_BadRequest()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var f = await StartAsync(Devices.Device(), ct);

        var nameless = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><int value='1'/></set>", ct);
        StringAssert.Contains(ExpectError(nameless, "modify", "bad-request").Element(Stanzas + "text")?.Value, "has no name");

        var nodeless = await f.SetAsync("<set xmlns='urn:xmpp:iot:control'><node/><int name='Counter' value='1'/></set>", ct);
        StringAssert.Contains(ExpectError(nodeless, "modify", "bad-request").Element(Stanzas + "text")?.Value, "no nodeId");

        var get = await f.RequestAsync($"<iq type='get' id='g' from='{Backend}'><set xmlns='urn:xmpp:iot:control'><int name='Counter' value='1'/></set></iq>", ct);
        ExpectError(get, "modify", "bad-request");
        Assert.AreEqual(0, f.Provider.Writes.Count);
        Assert.IsTrue(f.Logger.Entries.Count(e => e.EventId == 201) >= 3);
    }
}
