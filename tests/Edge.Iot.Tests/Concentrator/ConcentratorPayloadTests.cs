using System.Globalization;
using System.Xml.Linq;
using Edge.Iot.Concentrator;
using Edge.Things;
using Edge.Things.Control;
using Edge.Xmpp;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// Golden tests of the XEP-0326 payload types: the XEP's own examples parse to the expected values, and what we
/// write matches those examples (modulo what this model cannot say, e.g. lastChanged).
/// </summary>
[TestClass]
public sealed class ConcentratorPayloadTests
{
    private const string Ns = "xmlns='urn:xmpp:iot:concentrators'";

    // XEP-0326 §3.3 example 'Get Node with parameters' (id 11), the response payload verbatim.
    private const string XepGetNodeWithParameters = $@"<getNodeResponse {Ns} result='OK' nodeId='Node1' nodeType='Namespace.NodeType1' cacheType='Node'
    state='WarningUnsigned' hasChildren='false' isReadable='true' isControllable='true' hasCommands='true'
    parentId='Root' lastChanged='2013-03-19T17:58:01'>
    <string id='id' name='Node ID' value='Node1'/>
    <string id='type' name='Node Type' value='Watchamacallit Temperature Sensor v1.2'/>
    <string id='sn' name='Serial Number' value='123456'/>
    <string id='class' name='Node Class' value='Temperature'/>
    <string id='meterLoc' name='Meter Location' value='P123502-2'/>
    <int id='addr' name='Address' value='123'/>
    <double id='lat' name='Latitude' value='12.345'/>
    <double id='long' name='Longitude' value='123.45'/>
  </getNodeResponse>";

    private static readonly NodeInfo XepNode1 = new("Node1")
    {
        NodeType = "Namespace.NodeType1",
        CacheType = "Node",
        State = NodeState.WarningUnsigned,
        HasChildren = false,
        IsReadable = true,
        IsControllable = true,
        HasCommands = true,
        ParentId = "Root",
    };

    private static readonly NodeParameter[] XepNode1Parameters =
    [
        NodeParameter.String("id", "Node ID", "Node1"),
        NodeParameter.String("type", "Node Type", "Watchamacallit Temperature Sensor v1.2"),
        NodeParameter.String("sn", "Serial Number", "123456"),
        NodeParameter.String("class", "Node Class", "Temperature"),
        NodeParameter.String("meterLoc", "Meter Location", "P123502-2"),
        NodeParameter.Int("addr", "Address", 123),
        NodeParameter.Double("lat", "Latitude", 12.345),
        NodeParameter.Double("long", "Longitude", 123.45),
    ];

    [TestMethod]
    public void Parse_XepGetNodeWithParameters_EveryAttributeAndTypedParameter()
    {
        var response = ConcentratorResponse.Parse(XElement.Parse(XepGetNodeWithParameters));

        Assert.AreEqual(ConcentratorResultCode.Ok, response.Result);
        var node = response.Nodes.Single();
        Assert.AreEqual(XepNode1 with { LastChanged = node.LastChanged, Parameters = node.Parameters, Messages = node.Messages }, node);
        Assert.AreEqual(0, node.Messages.Count);
        // No zone in the XEP's timestamp: read in the reader's zone (XEP-0326 §6.2).
        Assert.AreEqual(new DateTime(2013, 3, 19, 17, 58, 1), node.LastChanged!.Value.DateTime);
        Assert.AreEqual(TimeZoneInfo.Local.GetUtcOffset(new DateTime(2013, 3, 19, 17, 58, 1)), node.LastChanged.Value.Offset);
        CollectionAssert.AreEqual(XepNode1Parameters, node.Parameters.ToArray());
        Assert.AreEqual(123, node.Parameters[5].Value);
        Assert.AreEqual(12.345, node.Parameters[6].Value);
    }

    [TestMethod]
    public void ToElement_XepNode1_MatchesTheXepExampleWithoutLastChanged()
    {
        var written = ConcentratorResponse.ForNode(XepNode1 with { Parameters = XepNode1Parameters }).ToElement();

        var example = XElement.Parse(XepGetNodeWithParameters);
        example.Attribute("lastChanged")!.Remove();
        XmlAssert.AreEqual(example.ToString(), written);
    }

    [TestMethod]
    public void ToElement_NodeWithEverything_GoldenXml()
    {
        var node = new NodeInfo("meter-1")
        {
            DisplayName = "Main meter",
            NodeType = "sdm630",
            CacheType = "Meter",
            State = NodeState.ErrorUnsigned,
            HasChildren = true,
            ChildrenOrdered = true,
            IsReadable = true,
            ParentId = "edge",
            ParentCacheType = "Concentrator",
            LastChanged = new DateTimeOffset(2026, 11, 23, 10, 0, 5, 120, TimeSpan.FromHours(1)),
            Parameters = [NodeParameter.String("Model", "Model", "SDM630")],
            Messages = [new NodeMessage(new DateTimeOffset(2026, 11, 23, 9, 1, 0, TimeSpan.Zero), "Error", "No answer on the bus.", "Timeout")],
        };

        Assert.AreEqual(
            "<node nodeId=\"meter-1\" displayName=\"Main meter\" nodeType=\"sdm630\" cacheType=\"Meter\" state=\"ErrorUnsigned\" hasChildren=\"true\""
            + " childrenOrdered=\"true\" isReadable=\"true\" isControllable=\"false\" hasCommands=\"false\" parentId=\"edge\" parentCacheType=\"Concentrator\""
            + " lastChanged=\"2026-11-23T09:00:05.12Z\" xmlns=\"urn:xmpp:iot:concentrators\"><string id=\"Model\" name=\"Model\" value=\"SDM630\" />"
            + "<message timestamp=\"2026-11-23T09:01:00Z\" type=\"Error\" eventId=\"Timeout\">No answer on the bus.</message></node>",
            node.ToElement().ToString(SaveOptions.DisableFormatting));
        var back = NodeInfo.Parse(node.ToElement());
        Assert.AreEqual(node with { Parameters = back.Parameters, Messages = back.Messages }, back);
        CollectionAssert.AreEqual(node.Parameters.ToArray(), back.Parameters.ToArray());
        CollectionAssert.AreEqual(node.Messages.ToArray(), back.Messages.ToArray());
    }

    [TestMethod]
    public void Parse_XepGetNodeWithMessages_Message()
    {
        // XEP-0326 §3.4 example 'Get Node Messages' (id 34), the response payload.
        var response = ConcentratorResponse.Parse(XElement.Parse($@"<getNodeResponse {Ns} result='OK'
              nodeId='Node1' nodeType='Namespace.NodeType1' cacheType='Node' state='WarningUnsigned' hasChildren='false'
              isReadable='true' isControllable='true' hasCommands='true' parentId='Root' lastChanged='2013-03-19T17:58:01'>
              <message timestamp='2013-03-21T11:06:15' type='WarningUnsigned'
                eventId='ClockWarning'>Internal clock is offset more than 7 seconds.</message>
            </getNodeResponse>"));

        var message = response.Nodes.Single().Messages.Single();
        Assert.AreEqual("WarningUnsigned", message.Type);
        Assert.AreEqual("ClockWarning", message.EventId);
        Assert.AreEqual("Internal clock is offset more than 7 seconds.", message.Text);
        Assert.AreEqual(new DateTime(2013, 3, 21, 11, 6, 15), message.Timestamp.DateTime);
    }

    [TestMethod]
    public void Parse_XepCapabilitiesNoEdit_ValuesInOrder()
    {
        // XEP-0326 §3.1 example 'No edit capabilities' (id 3).
        var response = ConcentratorResponse.Parse(XElement.Parse($@"<getCapabilitiesResponse {Ns} result='OK'>
    <value>getCapabilities</value><value>getAllDataSources</value><value>containsNode</value><value>getNode</value>
    <value>getRootNodes</value><value>getChildNodes</value><value>getNodeCommands</value><value>getCommandParameters</value>
    <value>executeNodeCommand</value><value>executeNodeQuery</value><value>abortNodeQuery</value>
  </getCapabilitiesResponse>"));

        SequenceAssert.AreEqual(response.Values,
            "getCapabilities", "getAllDataSources", "containsNode", "getNode", "getRootNodes", "getChildNodes",
            "getNodeCommands", "getCommandParameters", "executeNodeCommand", "executeNodeQuery", "abortNodeQuery");
    }

    [TestMethod]
    public void Parse_XepGetChildDataSources_SevenSources()
    {
        // XEP-0326 §3.2 example 'Get Child Data Sources' (id 6), first two and the topology source.
        var response = ConcentratorResponse.Parse(XElement.Parse($@"<getChildDataSourcesResponse {Ns} result='OK'>
    <dataSource sourceId='MeteringFieldImports' name='Field Imports' hasChildren='false' lastChanged='2013-03-19T17:58:01'/>
    <dataSource sourceId='MeteringFieldProcessors' name='Field Processors' hasChildren='false' lastChanged='2013-03-19T17:58:01'/>
    <dataSource sourceId='MeteringTopology' name='Topology' hasChildren='false' lastChanged='2013-03-19T17:58:01'/>
  </getChildDataSourcesResponse>"));

        Assert.AreEqual(3, response.DataSources.Count);
        var topology = response.DataSources[2];
        Assert.AreEqual("MeteringTopology", topology.SourceId);
        Assert.AreEqual("Topology", topology.Name);
        Assert.IsFalse(topology.HasChildren);
        Assert.AreEqual(new DateTime(2013, 3, 19, 17, 58, 1), topology.LastChanged!.Value.DateTime);
    }

    [TestMethod]
    public void DataSourceInfo_ToElement_GoldenXmlAndRoundTrip()
    {
        var source = new DataSourceInfo("MeteringRoot", "Metering", hasChildren: true, new DateTimeOffset(2013, 3, 19, 17, 58, 1, TimeSpan.Zero));

        XmlAssert.AreEqual($"<dataSource {Ns} sourceId='MeteringRoot' name='Metering' hasChildren='true' lastChanged='2013-03-19T17:58:01Z'/>", source.ToElement());
        Assert.AreEqual(source, DataSourceInfo.Parse(source.ToElement()));
    }

    [TestMethod]
    public void Parse_XepContainsNodesAndContainsNode_Booleans()
    {
        // XEP-0326 §3.3 examples 'Checking the existence of a node' (id 7) and '… multiple nodes' (id 8).
        var one = ConcentratorResponse.Parse(XElement.Parse($"<containsNodeResponse {Ns} result='OK'>true</containsNodeResponse>"));
        var many = ConcentratorResponse.Parse(XElement.Parse($@"<containsNodesResponse {Ns} result='OK'>
    <value>true</value><value>true</value><value>false</value><value>true</value></containsNodesResponse>"));

        SequenceAssert.AreEqual(one.Booleans, true);
        SequenceAssert.AreEqual(many.Booleans, true, true, false, true);
    }

    [TestMethod]
    public void Parse_XepGetNodeInheritance_BaseClasses()
    {
        // XEP-0326 §3.3 example 'Get node inheritance' (id 17).
        var response = ConcentratorResponse.Parse(XElement.Parse($@"<getNodeInheritanceResponse {Ns} result='OK'>
    <baseClasses><value>Namespace.BaseClass1</value><value>Namespace.AbstractBase</value></baseClasses>
  </getNodeInheritanceResponse>"));

        SequenceAssert.AreEqual(response.Values, "Namespace.BaseClass1", "Namespace.AbstractBase");
        Assert.AreEqual(0, response.Interfaces.Count);
    }

    [TestMethod]
    public void Parse_XepGetAncestors_NineNodesChainedByParentId()
    {
        // XEP-0326 §3.3 example 'Get Node Ancestors' (id 42), abridged to three of its nine nodes.
        var response = ConcentratorResponse.Parse(XElement.Parse($@"<getAncestorsResponse {Ns} result='OK'>
    <node nodeId='Node2' nodeType='Namespace.MeteringTopologyReference' state='None' hasChildren='false'
      isReadable='true' isControllable='true' hasCommands='true' parentId='Apartment 1-1'/>
    <node nodeId='Apartment 1-1' nodeType='Namespace.Apartment' state='None' hasChildren='true'
      isReadable='false' isControllable='false' hasCommands='true' parentId='Root'/>
    <node nodeId='Root' nodeType='Namespace.Root' state='None' hasChildren='true'
      isReadable='false' isControllable='false' hasCommands='true'/>
  </getAncestorsResponse>"));

        SequenceAssert.AreEqual(response.Nodes.Select(n => n.NodeId), "Node2", "Apartment 1-1", "Root");
        SequenceAssert.AreEqual(response.Nodes.Select(n => n.ParentId), "Apartment 1-1", "Root", null);
        Assert.IsTrue(response.Nodes[1].HasChildren);
        Assert.IsFalse(response.Nodes[1].IsReadable);
    }

    [TestMethod]
    public void Parse_FailureCodes_CodeAndNoContent()
    {
        // XEP-0326 §3.5 example 'Destroy Node, Failure' and §5.4 'Unimplemented commands'.
        var denied = ConcentratorResponse.Parse(XElement.Parse($"<destroyNodeResponse {Ns} result='InsufficientPrivileges'/>"));
        var unknown = ConcentratorResponse.Parse(XElement.Parse($"<holabandolaResponse {Ns} result='NotImplemented'/>"));
        var odd = ConcentratorResponse.Parse(XElement.Parse($"<getNodeResponse {Ns} result='Exploded' nodeId='x'/>"));

        Assert.AreEqual(ConcentratorResultCode.InsufficientPrivileges, denied.Result);
        Assert.AreEqual("destroyNode", denied.Operation);
        Assert.AreEqual(ConcentratorResultCode.NotImplemented, unknown.Result);
        Assert.AreEqual(ConcentratorResultCode.OtherError, odd.Result);
        Assert.AreEqual(0, odd.Nodes.Count);
    }

    [TestMethod]
    public void Parse_XepRequests_ReferencesFlagsLanguageAndFilters()
    {
        // XEP-0326 §3.3 examples 'Get Nodes with parameters' (id 12), 'Get All Nodes derived from' (id 15),
        // 'Get Child Nodes with Parameters' (id 21) and 'Get Node Ancestors' (id 42).
        var getNodes = ConcentratorRequest.Parse(XElement.Parse($@"<getNodes {Ns} parameters='true' xml:lang='en'>
    <node sourceId='MeteringTopology' nodeId='Node1'/><node sourceId='MeteringTopology' nodeId='Node2'/>
    <node sourceId='MeteringTopology' nodeId='Node3'/></getNodes>"));
        var derived = ConcentratorRequest.Parse(XElement.Parse($@"<getAllNodes {Ns} sourceId='MeteringTopology' xml:lang='en'>
    <onlyIfDerivedFrom>Namespace.BaseClass1</onlyIfDerivedFrom></getAllNodes>"));
        var children = ConcentratorRequest.Parse(XElement.Parse(
            $"<getChildNodes {Ns} sourceId='MeteringTopology' nodeId='Node1' parameters='true' xml:lang='en' />"));
        var ancestors = ConcentratorRequest.Parse(XElement.Parse(
            $"<getAncestors {Ns} sourceId='MeteringGroups' nodeId='Node2' parameters='false' messages='false' xml:lang='en'/>"));

        Assert.AreEqual(ConcentratorOperations.GetNodes, getNodes.Operation);
        SequenceAssert.AreEqual(getNodes.Nodes, new ThingReference("Node1", "MeteringTopology"), new ThingReference("Node2", "MeteringTopology"), new ThingReference("Node3", "MeteringTopology"));
        Assert.AreEqual(NodeDetails.Parameters, getNodes.Details);
        Assert.AreEqual("en", getNodes.Language);
        Assert.AreEqual("MeteringTopology", derived.SourceId);
        SequenceAssert.AreEqual(derived.OnlyIfDerivedFrom, "Namespace.BaseClass1");
        Assert.AreEqual(new ThingReference("Node1", "MeteringTopology"), children.Node);
        Assert.AreEqual(NodeDetails.Parameters, children.Details);
        Assert.AreEqual(new ThingReference("Node2", "MeteringGroups"), ancestors.Node);
        Assert.AreEqual(NodeDetails.None, ancestors.Details);
    }

    [TestMethod]
    public void ToElement_GetNodeRequest_MatchesXepExampleShape()
    {
        var request = ConcentratorRequest.ForNode(ConcentratorOperations.GetNode, new ThingReference("Node1", "MeteringTopology"),
            NodeDetails.Parameters | NodeDetails.Messages) with { Language = "en" };

        // XEP-0326 §3.4 example 'Get Node with parameters and messages' (id 35).
        XmlAssert.AreEqual($"<getNode {Ns} sourceId='MeteringTopology' nodeId='Node1' xml:lang='en' parameters='true' messages='true'/>",
            request.ToElement());
        var back = ConcentratorRequest.Parse(request.ToElement());
        Assert.AreEqual(request, back with { Nodes = request.Nodes, OnlyIfDerivedFrom = request.OnlyIfDerivedFrom });
    }

    [TestMethod]
    public void ToElement_NodeWithoutSource_SendsTheDefaultSourceTheSchemaRequires()
    {
        var request = ConcentratorRequest.ForNodes(ConcentratorOperations.ContainsNodes,
            [new ThingReference("relay-1"), new ThingReference("A1-1", "MeteringGroups", "Apartment")]);

        XmlAssert.AreEqual($"<containsNodes {Ns}><node sourceId='MeteringTopology' nodeId='relay-1'/>"
            + "<node sourceId='MeteringGroups' nodeId='A1-1' cacheType='Apartment'/></containsNodes>", request.ToElement());
    }

    [TestMethod]
    public void NodeParameter_EveryType_LexicalFormAndRoundTrip()
    {
        var cases = new (NodeParameter Parameter, string Element, string Lexical)[]
        {
            (NodeParameter.Boolean("b", "B", true), "boolean", "true"),
            (NodeParameter.Color("c", "C", new ColorRgba(0x0A, 0xBC, 0xDE)), "color", "0ABCDE"),
            (NodeParameter.DateTime("dt", "DT", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)), "dateTime", "2026-01-02T03:04:05Z"),
            (NodeParameter.Double("d", "D", -0.25), "double", "-0.25"),
            (NodeParameter.Duration("du", "DU", TimeSpan.FromSeconds(90)), "duration", "PT1M30S"),
            (NodeParameter.Int("i", "I", -7), "int", "-7"),
            (NodeParameter.Long("l", "L", long.MaxValue), "long", long.MaxValue.ToString(CultureInfo.InvariantCulture)),
            (NodeParameter.String("s", "S", "x < y"), "string", "x < y"),
            (NodeParameter.Time("t", "T", new TimeOnly(23, 59, 1, 500)), "time", "23:59:01.5"),
        };

        foreach (var (parameter, element, lexical) in cases)
        {
            var x = parameter.ToElement();
            Assert.AreEqual(XName.Get(element, "urn:xmpp:iot:concentrators"), x.Name);
            Assert.AreEqual(lexical, (string?)x.Attribute("value"), element);
            Assert.AreEqual(parameter, NodeParameter.Parse(x), element);
        }
    }

    [TestMethod]
    public void NodeParameter_MalformedValueOrAlphaColour_Refused()
    {
        Assert.ThrowsExactly<XmppProtocolException>(() => NodeParameter.Parse(XElement.Parse($"<int {Ns} id='addr' name='Address' value='12x'/>")));
        Assert.ThrowsExactly<XmppProtocolException>(() => NodeParameter.Parse(XElement.Parse($"<int {Ns} id='addr' name='Address' value='99999999999'/>")));
        Assert.ThrowsExactly<XmppProtocolException>(() => NodeParameter.Parse(XElement.Parse($"<boolean {Ns} name='no id' value='true'/>")));
        Assert.ThrowsExactly<ArgumentException>(() => NodeParameter.Color("c", "C", new ColorRgba(1, 2, 3, 4)));
    }

    [TestMethod]
    public void NodeInfo_Parse_LenientDefaultsAndStrictBooleans()
    {
        var minimal = NodeInfo.Parse(XElement.Parse($"<node {Ns} nodeId='n' state='Mystery' localId='x'><unknown/></node>"));

        Assert.AreEqual(new NodeInfo("n") { Parameters = minimal.Parameters, Messages = minimal.Messages }, minimal);
        Assert.AreEqual(NodeState.None, minimal.State);
        Assert.AreEqual(0, minimal.Parameters.Count);
        Assert.ThrowsExactly<XmppProtocolException>(() => NodeInfo.Parse(XElement.Parse($"<node {Ns} nodeId='n' hasChildren='maybe'/>")));
        Assert.ThrowsExactly<XmppProtocolException>(() => NodeInfo.Parse(XElement.Parse($"<node {Ns} state='None'/>")));
    }
}
