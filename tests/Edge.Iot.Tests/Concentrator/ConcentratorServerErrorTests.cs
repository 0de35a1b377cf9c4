using Edge.Iot.Concentrator;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// Refusals: unknown data source or node (item-not-found / NotFound), the access policy (forbidden /
/// InsufficientPrivileges), malformed requests (bad-request / OtherError) and every XEP-0326 operation outside the
/// browsing subset (feature-not-implemented / NotImplemented). Each error IQ echoes the request and carries the XEP's
/// <c>…Response</c> element, with its response code, as the application-specific condition.
/// </summary>
[TestClass]
public sealed class ConcentratorServerErrorTests
{
    private const string Ns = "xmlns='urn:xmpp:iot:concentrators'";
    private const string Stanzas = "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationTokenSource.Token;

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_UnknownNode_ItemNotFoundWithNotFoundCode()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        // S: <iq type='get' id='e1' from='backend@example.com/app'><getNode sourceId='MeteringTopology' nodeId='Node1'/></iq>
        var answer = await t.GetAsync("e1", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='Node1' xml:lang='en'/>", Ct);

        XmlAssert.AreEqual("<iq xmlns='jabber:client' type='error' id='e1' to='backend@example.com/app'>"
            + $"<getNode {Ns} sourceId='MeteringTopology' nodeId='Node1' xml:lang='en'/>"
            + $"<error type='cancel'><item-not-found {Stanzas}/><text {Stanzas}>There is no node 'Node1' in data source 'MeteringTopology'.</text>"
            + $"<getNodeResponse {Ns} result='NotFound'/></error></iq>", answer);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task NodeRequests_UnknownSource_ItemNotFoundNamingTheSource()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        string[] requests =
        [
            $"<getRootNodes {Ns} sourceId='MeteringGroups'/>",
            $"<getAllNodes {Ns} sourceId='MeteringGroups'/>",
            $"<getChildDataSources {Ns} sourceId='MeteringGroups'/>",
            $"<getNode {Ns} sourceId='MeteringGroups' nodeId='edge'/>",
            $"<getChildNodes {Ns} sourceId='MeteringGroups' nodeId='edge'/>",
            $"<getAncestors {Ns} sourceId='MeteringGroups' nodeId='edge'/>",
            $"<getNodeInheritance {Ns} sourceId='MeteringGroups' nodeId='edge'/>",
            $"<getNodes {Ns}><node sourceId='MeteringTopology' nodeId='edge'/><node sourceId='MeteringGroups' nodeId='edge'/></getNodes>",
        ];

        for (int i = 0; i < requests.Length; i++)
        {
            var answer = await t.GetAsync($"u{i}", requests[i], Ct);
            string op = System.Xml.Linq.XElement.Parse(requests[i]).Name.LocalName;
            AssertError(answer, "cancel", "item-not-found", op, "NotFound");
            Assert.AreEqual("There is no data source 'MeteringGroups'.", ErrorText(answer), op);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNodes_OneUnknownNode_ItemNotFoundNamingIt()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("g1", $"<getNodes {Ns}><node sourceId='MeteringTopology' nodeId='edge'/>"
            + "<node sourceId='MeteringTopology' nodeId='meter-9'/></getNodes>", Ct);

        AssertError(answer, "cancel", "item-not-found", "getNodes", "NotFound");
        Assert.AreEqual("There is no node 'meter-9' in data source 'MeteringTopology'.", ErrorText(answer));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_RequesterDenied_ForbiddenWithInsufficientPrivileges()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());
        t.Policy.Deny("backend@example.com", IotOperation.Browse);

        var answer = await t.GetAsync("f1", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='meter-1' parameters='true'/>", Ct);

        XmlAssert.AreEqual("<iq xmlns='jabber:client' type='error' id='f1' to='backend@example.com/app'>"
            + $"<getNode {Ns} sourceId='MeteringTopology' nodeId='meter-1' parameters='true'/>"
            + $"<error type='auth'><forbidden {Stanzas}/><text {Stanzas}>The access policy does not allow this requester to browse these nodes.</text>"
            + $"<getNodeResponse {Ns} result='InsufficientPrivileges'/></error></iq>", answer);
        var (requester, operation, nodes) = t.Policy.Asked.Single();
        Assert.AreEqual("backend@example.com/app", requester.ToString());
        Assert.AreEqual(IotOperation.Browse, operation);
        Assert.AreEqual("meter-1", nodes.Single().Reference.NodeId);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task EverySupportedOperation_RequesterDenied_Forbidden()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());
        t.Policy.Deny("backend@example.com", IotOperation.Browse);

        string[] requests =
        [
            $"<getCapabilities {Ns}/>",
            $"<getAllDataSources {Ns}/>",
            $"<getRootDataSources {Ns}/>",
            $"<getChildDataSources {Ns} sourceId='MeteringTopology'/>",
            $"<containsNode {Ns} sourceId='MeteringTopology' nodeId='edge'/>",
            $"<containsNodes {Ns}><node sourceId='MeteringTopology' nodeId='edge'/></containsNodes>",
            $"<getNode {Ns} sourceId='MeteringTopology' nodeId='edge'/>",
            $"<getNodes {Ns}><node sourceId='MeteringTopology' nodeId='edge'/></getNodes>",
            $"<getAllNodes {Ns} sourceId='MeteringTopology'/>",
            $"<getNodeInheritance {Ns} sourceId='MeteringTopology' nodeId='edge'/>",
            $"<getRootNodes {Ns} sourceId='MeteringTopology'/>",
            $"<getChildNodes {Ns} sourceId='MeteringTopology' nodeId='edge'/>",
            $"<getAncestors {Ns} sourceId='MeteringTopology' nodeId='relay-1'/>",
        ];
        CollectionAssert.AreEqual(ConcentratorOperations.Implemented.ToList(),
            requests.Select(r => System.Xml.Linq.XElement.Parse(r).Name.LocalName).ToList(), "One request per implemented operation.");

        for (int i = 0; i < requests.Length; i++)
        {
            var answer = await t.GetAsync($"f{i}", requests[i], Ct);
            AssertError(answer, "auth", "forbidden", ConcentratorOperations.Implemented[i], "InsufficientPrivileges");
        }

        Assert.AreEqual(requests.Length, t.Policy.Asked.Count);
        Assert.IsTrue(t.Policy.Asked.All(a => a.Operation == IotOperation.Browse));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_DeniedRequesterAsksForUnknownNode_ForbiddenNotItemNotFound()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());
        t.Policy.Deny("backend@example.com", IotOperation.Browse);

        var answer = await t.GetAsync("f2", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='no-such-node'/>", Ct);

        // A refused requester cannot probe which nodes exist: the device as a whole (no nodes) was refused.
        AssertError(answer, "auth", "forbidden", "getNode", "InsufficientPrivileges");
        Assert.AreEqual(0, t.Policy.Asked.Single().Nodes.Count);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Policy_AskedAboutTheNodesEachAnswerReveals()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        await t.GetAsync("a1", $"<getChildNodes {Ns} sourceId='MeteringTopology' nodeId='mcu'/>", Ct);
        await t.GetAsync("a2", $"<getAncestors {Ns} sourceId='MeteringTopology' nodeId='mcu-adc0'/>", Ct);
        await t.GetAsync("a3", $"<getAllDataSources {Ns}/>", Ct);
        await t.GetAsync("a4", $"<containsNodes {Ns}><node sourceId='MeteringTopology' nodeId='relay-1'/>"
            + "<node sourceId='MeteringTopology' nodeId='nope'/></containsNodes>", Ct);

        var asked = t.Policy.Asked.Select(a => string.Join(",", a.Nodes.Select(n => n.Reference.NodeId))).ToList();
        SequenceAssert.AreEqual(asked, "mcu,mcu-adc0,mcu-gpio3", "mcu-adc0,mcu,edge", string.Empty, "relay-1");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_NoFromAddress_PolicyAskedAboutOwnAccount()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        // S: an IQ without 'from' comes from the user's own account (RFC 6120 §8.1.2.1).
        await t.Harness.Server.SendAsync($"<iq type='get' id='o1'><getNode {Ns} sourceId='MeteringTopology' nodeId='edge'/></iq>", Ct);
        var answer = await t.Harness.Server.ReadElementAsync(Ct);

        Assert.AreEqual("result", (string?)answer.Attribute("type"));
        Assert.AreEqual("user@example.com/meter-7", t.Policy.Asked.Single().Requester.ToString());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task NodeRequests_WithoutNodeId_BadRequestWithOtherError()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var getNode = await t.GetAsync("b1", $"<getNode {Ns} sourceId='MeteringTopology'/>", Ct);
        var childSources = await t.GetAsync("b2", $"<getChildDataSources {Ns}/>", Ct);
        var badFlag = await t.GetAsync("b3", $"<getRootNodes {Ns} sourceId='MeteringTopology' parameters='yes'/>", Ct);
        var badBatch = await t.GetAsync("b4", $"<getNodes {Ns}><node sourceId='MeteringTopology'/></getNodes>", Ct);

        AssertError(getNode, "modify", "bad-request", "getNode", "OtherError");
        Assert.AreEqual("getNode needs a nodeId.", ErrorText(getNode));
        AssertError(childSources, "modify", "bad-request", "getChildDataSources", "OtherError");
        AssertError(badFlag, "modify", "bad-request", "getRootNodes", "OtherError");
        AssertError(badBatch, "modify", "bad-request", "getNodes", "OtherError");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task EveryUnsupportedOperation_FeatureNotImplementedWithNotImplementedCode()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        foreach (string op in ConcentratorOperations.NotImplemented)
        {
            var answer = await t.GetAsync(op, $"<{op} {Ns} sourceId='MeteringTopology' nodeId='edge'/>", Ct);
            AssertError(answer, "cancel", "feature-not-implemented", op, "NotImplemented");
        }

        Assert.AreEqual(0, t.Policy.Asked.Count, "Refusing an unsupported operation needs no policy decision.");
        Assert.AreEqual(31, ConcentratorOperations.NotImplemented.Count);
        Assert.AreEqual(0, ConcentratorOperations.NotImplemented.Intersect(ConcentratorOperations.Implemented).Count());
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Subscribe_XepExample_FeatureNotImplementedFullStanza()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        // S: XEP-0326 §3.2.4 example 'Subscribing to data source events', verbatim.
        await t.Harness.Server.SendAsync("<iq type='set' from='client@example.org/client' to='user@example.com/meter-7' id='57'>"
            + $"<subscribe {Ns} sourceId='MeteringTopology'/></iq>", Ct);
        var answer = await t.Harness.Server.ReadElementAsync(Ct);

        XmlAssert.AreEqual("<iq xmlns='jabber:client' type='error' id='57' to='client@example.org/client'>"
            + $"<subscribe {Ns} sourceId='MeteringTopology'/>"
            + $"<error type='cancel'><feature-not-implemented {Stanzas}/><text {Stanzas}>This concentrator implements only the read-only browsing subset of XEP-0326; 'subscribe' is not supported.</text>"
            + $"<subscribeResponse {Ns} result='NotImplemented'/></error></iq>", answer);
    }

    private static void AssertError(System.Xml.Linq.XElement answer, string type, string condition, string operation, string code)
    {
        Assert.AreEqual("error", (string?)answer.Attribute("type"), answer.ToString());
        var error = answer.Elements().Single(e => e.Name.LocalName == "error");
        Assert.AreEqual(type, (string?)error.Attribute("type"), operation);
        Assert.AreEqual(condition, error.Elements().First().Name.LocalName, operation);
        var response = error.Elements().Single(e => e.Name.LocalName == operation + "Response");
        Assert.AreEqual("urn:xmpp:iot:concentrators", response.Name.NamespaceName, operation);
        Assert.AreEqual(code, (string?)response.Attribute("result"), operation);
        Assert.AreEqual(operation, answer.Elements().First().Name.LocalName, "The request is echoed first.");
    }

    private static string? ErrorText(System.Xml.Linq.XElement answer) =>
        answer.Elements().Single(e => e.Name.LocalName == "error").Elements().FirstOrDefault(e => e.Name.LocalName == "text")?.Value;
}
