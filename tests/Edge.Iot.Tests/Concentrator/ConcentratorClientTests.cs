using System.Xml.Linq;
using Edge.Iot.Concentrator;
using Edge.Testing.Iot;
using Edge.Testing.Xmpp;
using Edge.Things;
using Edge.Xmpp;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// The requester side against literal concentrator stanzas (the XEP's own answers, our device's answers, and the
/// other ways a "no" arrives), and once end to end against <see cref="ConcentratorServer"/>.
/// </summary>
[TestClass]
public sealed class ConcentratorClientTests
{
    private const string Ns = "xmlns='urn:xmpp:iot:concentrators'";
    private static readonly Jid Concentrator = Jid.Parse("concentrator@example.org");

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationTokenSource.Token;

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetCapabilitiesAsync_XepAnswer_ValuesAndLanguageSent()
    {
        await using var h = await LoginAsync();
        var client = new ConcentratorClient(h.Client) { Language = "en" };

        var pending = client.GetCapabilitiesAsync(Concentrator, Ct);

        // C: <iq type='get' id='…' to='concentrator@example.org'><getCapabilities xml:lang='en'/></iq>
        var id = await ExpectRequestAsync(h, $"<getCapabilities {Ns} xml:lang='en'/>");
        // S: XEP-0326 §3.1 example 'No edit capabilities' (id 3).
        await h.Server.SendAsync($"<iq type='result' from='concentrator@example.org' to='user@example.com/meter-7' id='{id}'>"
            + $"<getCapabilitiesResponse {Ns} result='OK'><value>getCapabilities</value><value>getAllDataSources</value>"
            + "<value>containsNode</value><value>getNode</value><value>getRootNodes</value><value>getChildNodes</value>"
            + "</getCapabilitiesResponse></iq>", Ct);

        var result = await pending;
        Assert.IsTrue(result.Succeeded);
        SequenceAssert.AreEqual(result.Value, "getCapabilities", "getAllDataSources", "containsNode", "getNode", "getRootNodes", "getChildNodes");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetAllDataSourcesAsync_XepAnswerWithEllipsis_DataSources()
    {
        await using var h = await LoginAsync();
        var pending = new ConcentratorClient(h.Client).GetAllDataSourcesAsync(Concentrator, Ct);

        var id = await ExpectRequestAsync(h, $"<getAllDataSources {Ns}/>");
        // S: XEP-0326 §3.2 example 'Get All Data Sources' (id 4), verbatim, "..." included.
        await h.Server.SendAsync($@"<iq type='result' from='concentrator@example.org' to='client@example.org/client' id='{id}'>
  <getAllDataSourcesResponse {Ns} result='OK'>
    <dataSource sourceId='Applications' name='Applications' hasChildren='false' lastChanged='2013-03-19T17:58:01'/>
    <dataSource sourceId='Certificates' name='Certificates' hasChildren='false' lastChanged='2013-02-20T12:31:54'/>
    <dataSource sourceId='Clayster.EventSink.Programmable' name='Programmable Event Log' hasChildren='false' lastChanged='2012-10-25T09:31:12'/>
    ...
  </getAllDataSourcesResponse>
</iq>", Ct);

        var result = await pending;
        Assert.IsTrue(result.Succeeded);
        SequenceAssert.AreEqual(result.Value.Select(s => s.SourceId), "Applications", "Certificates", "Clayster.EventSink.Programmable");
        Assert.AreEqual("Programmable Event Log", result.Value[2].Name);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetRootNodesAsync_WithParameters_XepAnswerTyped()
    {
        await using var h = await LoginAsync();
        var pending = new ConcentratorClient(h.Client).GetRootNodesAsync(Concentrator, "MeteringTopology", NodeDetails.Parameters, Ct);

        var id = await ExpectRequestAsync(h, $"<getRootNodes {Ns} sourceId='MeteringTopology' parameters='true'/>");
        // S: XEP-0326 §3.3 example 'Get Root Nodes with Parameters' (id 19), abridged to three parameters.
        await h.Server.SendAsync($"<iq type='result' from='concentrator@example.org' id='{id}'><getRootNodesResponse {Ns} result='OK'>"
            + "<node nodeId='Node1' nodeType='Namespace.NodeType1' cacheType='Node' state='WarningUnsigned' hasChildren='false'"
            + " isReadable='true' isControllable='true' hasCommands='true' parentId='Root'>"
            + "<string id='sn' name='Serial Number' value='123456'/><int id='addr' name='Address' value='123'/>"
            + "<double id='lat' name='Latitude' value='12.345'/></node></getRootNodesResponse></iq>", Ct);

        var result = await pending;
        Assert.IsTrue(result.Succeeded);
        var node = result.Value.Single();
        Assert.AreEqual("Node1", node.NodeId);
        Assert.AreEqual(NodeState.WarningUnsigned, node.State);
        Assert.IsTrue(node.HasCommands);
        SequenceAssert.AreEqual(node.Parameters,
            NodeParameter.String("sn", "Serial Number", "123456"), NodeParameter.Int("addr", "Address", 123),
            NodeParameter.Double("lat", "Latitude", 12.345));
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetChildNodesAsync_XepAnswer_Children()
    {
        await using var h = await LoginAsync();
        var pending = new ConcentratorClient(h.Client).GetChildNodesAsync(Concentrator, new ThingReference("Node1", "MeteringTopology"), NodeDetails.None, Ct);

        var id = await ExpectRequestAsync(h, $"<getChildNodes {Ns} sourceId='MeteringTopology' nodeId='Node1'/>");
        // S: XEP-0326 §3.3 example 'Get Child Nodes' (id 20).
        await h.Server.SendAsync($"<iq type='result' from='concentrator@example.org' id='{id}'><getChildNodesResponse {Ns} result='OK'>"
            + "<node nodeId='Node2' nodeType='Namespace.NodeType2' cacheType='Node' state='None' hasChildren='false' isReadable='true' isControllable='true' hasCommands='true' parentId='Root'/>"
            + "<node nodeId='Node3' nodeType='Namespace.NodeType3' cacheType='Node' state='None' hasChildren='false' isReadable='true' isControllable='true' hasCommands='true' parentId='Root'/>"
            + "</getChildNodesResponse></iq>", Ct);

        var result = await pending;
        Assert.IsTrue(result.Succeeded);
        SequenceAssert.AreEqual(result.Value.Select(n => n.NodeId), "Node2", "Node3");
        SequenceAssert.AreEqual(result.Value.Select(n => n.NodeType), "Namespace.NodeType2", "Namespace.NodeType3");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNodeAsync_DeviceItemNotFound_NotFoundCodeAndStanzaError()
    {
        await using var h = await LoginAsync();
        var pending = new ConcentratorClient(h.Client).GetNodeAsync(Concentrator, new ThingReference("nope"), NodeDetails.Parameters, Ct);

        var id = await ExpectRequestAsync(h, $"<getNode {Ns} sourceId='MeteringTopology' nodeId='nope' parameters='true'/>");
        // S: the error this implementation's device sends.
        await h.Server.SendAsync($"<iq type='error' from='concentrator@example.org' id='{id}'><getNode {Ns} sourceId='MeteringTopology' nodeId='nope'/>"
            + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + $"<getNodeResponse {Ns} result='NotFound'/></error></iq>", Ct);

        var result = await pending;
        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual(ConcentratorResultCode.NotFound, result.Code);
        Assert.AreEqual("item-not-found", result.Error!.Condition);
        Assert.IsNull(result.Value);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNodeAsync_OtherShapesOfNo_ReadAsData()
    {
        await using var h = await LoginAsync();
        var client = new ConcentratorClient(h.Client);
        var node = new ThingReference("Node1", "MeteringTopology");
        var answers = new (string Answer, ConcentratorResultCode Code, string? Condition)[]
        {
            // The XEP's failure shape (§3.5 'Destroy Node, Failure'): an error IQ with a bare …Response child.
            ($"<getNodeResponse {Ns} result='InsufficientPrivileges'/>", ConcentratorResultCode.InsufficientPrivileges, "undefined-condition"),
            // §5.4 'Unimplemented commands' (text): an IQ result with NotImplemented.
            ($"<getNodeResponse {Ns} result='NotImplemented'/>", ConcentratorResultCode.NotImplemented, null),
            // A plain stanza error from an entity that does not speak XEP-0326.
            ("<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ConcentratorResultCode.NotImplemented, "service-unavailable"),
            ("<error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ConcentratorResultCode.InsufficientPrivileges, "forbidden"),
            ("<error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>", ConcentratorResultCode.OtherError, "resource-constraint"),
        };

        foreach (var (answer, code, condition) in answers)
        {
            var pending = client.GetNodeAsync(Concentrator, node, NodeDetails.None, Ct);
            var id = await ExpectRequestAsync(h, $"<getNode {Ns} sourceId='MeteringTopology' nodeId='Node1'/>");
            string type = condition is null ? "result" : "error";
            await h.Server.SendAsync($"<iq type='{type}' from='concentrator@example.org' id='{id}'>{answer}</iq>", Ct);

            var result = await pending;
            Assert.AreEqual(code, result.Code, answer);
            Assert.AreEqual(condition, result.Error?.Condition, answer);
        }
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ContainsNodesAsync_Answer_OneBooleanPerNode()
    {
        await using var h = await LoginAsync();
        var pending = new ConcentratorClient(h.Client).ContainsNodesAsync(Concentrator,
            [new ThingReference("Node1", "MeteringTopology"), new ThingReference("Group1", "MeteringGroups")], Ct);

        var id = await ExpectRequestAsync(h, $"<containsNodes {Ns}><node sourceId='MeteringTopology' nodeId='Node1'/>"
            + "<node sourceId='MeteringGroups' nodeId='Group1'/></containsNodes>");
        await h.Server.SendAsync($"<iq type='result' from='concentrator@example.org' id='{id}'><containsNodesResponse {Ns} result='OK'>"
            + "<value>false</value><value>true</value></containsNodesResponse></iq>", Ct);

        SequenceAssert.AreEqual((await pending).Value!, false, true);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNodeAsync_ResultWithoutResponseElement_ProtocolException()
    {
        await using var h = await LoginAsync();
        var pending = new ConcentratorClient(h.Client).GetNodeAsync(Concentrator, new ThingReference("Node1", "MeteringTopology"), NodeDetails.None, Ct);

        var id = await ExpectRequestAsync(h, $"<getNode {Ns} sourceId='MeteringTopology' nodeId='Node1'/>");
        await h.Server.SendAsync($"<iq type='result' from='concentrator@example.org' id='{id}'/>", Ct);

        await Assert.ThrowsExactlyAsync<XmppProtocolException>(() => pending);
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Client_AgainstOurServer_BrowsesTheEdgeTreeEndToEnd()
    {
        await using var device = new ClientHarness();
        ConcentratorServer.Register(device.Client, new FakeThingProvider(EdgeTree.Build()), new FakeAccessPolicy());
        await device.LoginAsync(Ct);
        await using var backend = await LoginAsync();
        var client = new ConcentratorClient(backend.Client);

        var sources = client.GetAllDataSourcesAsync(Concentrator, Ct);
        await RelayAsync(backend, device);
        var roots = client.GetRootNodesAsync(Concentrator, (await sources).Value!.Single().SourceId, NodeDetails.None, Ct);
        await RelayAsync(backend, device);
        var root = (await roots).Value!.Single();
        var children = client.GetChildNodesAsync(Concentrator, new ThingReference(root.NodeId), NodeDetails.Parameters, Ct);
        await RelayAsync(backend, device);
        var missing = client.GetNodeAsync(Concentrator, new ThingReference("meter-9"), NodeDetails.None, Ct);
        await RelayAsync(backend, device);

        Assert.AreEqual("edge", root.NodeId);
        var meter = (await children).Value![0];
        Assert.AreEqual("meter-1", meter.NodeId);
        Assert.AreEqual("edge", meter.ParentId);
        Assert.IsTrue(meter.IsReadable);
        SequenceAssert.AreEqual(meter.Parameters.Select(p => p.Value), "SDM630", "1", "/dev/ttyUSB0");
        var relay = (await children).Value![^1];
        Assert.IsTrue(relay.IsControllable);
        Assert.AreEqual(false, relay.Parameters.Single().Value);
        Assert.AreEqual(ConcentratorResultCode.NotFound, (await missing).Code);
    }

    private async Task<ClientHarness> LoginAsync()
    {
        var h = new ClientHarness();
        await h.LoginAsync(Ct);
        return h;
    }

    /// <summary>Reads the request the client sent, checks it (type get, to the concentrator, the payload), returns its id.</summary>
    private async Task<string> ExpectRequestAsync(ClientHarness h, string expectedPayload)
    {
        var iq = await h.Server.ReadElementAsync(Ct);
        Assert.AreEqual("get", (string?)iq.Attribute("type"));
        Assert.AreEqual("concentrator@example.org", (string?)iq.Attribute("to"));
        XmlAssert.AreEqual(expectedPayload, iq.Elements().Single());
        return (string?)iq.Attribute("id") ?? throw new AssertFailedException("The request has no id.");
    }

    /// <summary>Carries one request from the backend to the device and the device's answer back, as a server would route them.</summary>
    private async Task RelayAsync(ClientHarness backend, ClientHarness device)
    {
        var request = await backend.Server.ReadElementAsync(Ct);
        request.SetAttributeValue("from", "user@example.com/meter-7");
        request.SetAttributeValue("to", "user@example.com/meter-7");
        await device.Server.SendAsync(request.ToString(SaveOptions.DisableFormatting), Ct);
        var answer = await device.Server.ReadElementAsync(Ct);
        answer.SetAttributeValue("from", "concentrator@example.org");
        answer.SetAttributeValue("to", "user@example.com/meter-7");
        await backend.Server.SendAsync(answer.ToString(SaveOptions.DisableFormatting), Ct);
    }
}
