using Edge.Iot.Concentrator;
using Edge.Things;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// XEP-0326 browsing of the realistic Edge tree (<see cref="EdgeTree"/>), one transcript per supported request. The
/// requests are the XEP's examples (§3.1–§3.3) addressed to this tree.
/// </summary>
[TestClass]
public sealed class ConcentratorServerTranscriptTests
{
    private const string Ns = "xmlns='urn:xmpp:iot:concentrators'";

    // Basic node information of each node of EdgeTree, as the device writes it (§5.1; no parameters).
    private const string Edge = "nodeId='edge' displayName='Edge agent' nodeType='concentrator' state='None' hasChildren='true' isReadable='false' isControllable='false' hasCommands='false'";
    private const string Meter = "nodeId='meter-1' displayName='Main meter' nodeType='sdm630' state='None' hasChildren='false' isReadable='true' isControllable='false' hasCommands='false' parentId='edge'";
    private const string Mcu = "nodeId='mcu' displayName='Bridge MCU' nodeType='firmware-bridge' state='None' hasChildren='true' isReadable='false' isControllable='false' hasCommands='false' parentId='edge'";
    private const string Adc = "nodeId='mcu-adc0' displayName='ADC 0' nodeType='channel' state='None' hasChildren='false' isReadable='true' isControllable='false' hasCommands='false' parentId='mcu'";
    private const string Gpio = "nodeId='mcu-gpio3' displayName='GPIO 3' nodeType='channel' state='None' hasChildren='false' isReadable='true' isControllable='false' hasCommands='false' parentId='mcu'";
    private const string Relay = "nodeId='relay-1' displayName='Heater relay' nodeType='relay' state='None' hasChildren='false' isReadable='true' isControllable='true' hasCommands='false' parentId='edge'";
    private const string MeterParameters = "<string id='Model' name='Model' value='SDM630'/><string id='Unit' name='Unit' value='1'/><string id='Bus' name='Bus' value='/dev/ttyUSB0'/>";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationTokenSource.Token;

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetCapabilities_ListsExactlyTheBrowsingSubset()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("1", $"<getCapabilities {Ns}/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getCapabilitiesResponse {Ns} result='OK'>"
            + "<value>getCapabilities</value><value>getAllDataSources</value><value>getRootDataSources</value>"
            + "<value>getChildDataSources</value><value>containsNode</value><value>containsNodes</value>"
            + "<value>getNode</value><value>getNodes</value><value>getAllNodes</value><value>getNodeInheritance</value>"
            + "<value>getRootNodes</value><value>getChildNodes</value><value>getAncestors</value>"
            + "</getCapabilitiesResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task DiscoInfo_AfterRegister_AdvertisesConcentratorsFeature()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("d1", "<query xmlns='http://jabber.org/protocol/disco#info'/>", Ct);

        var features = answer.Descendants().Where(e => e.Name.LocalName == "feature").Select(e => (string?)e.Attribute("var")).ToList();
        CollectionAssert.Contains(features, "urn:xmpp:iot:concentrators");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetAllDataSources_AllNodesInDefaultSource_ListsMeteringTopology()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("4", $"<getAllDataSources {Ns} xml:lang='en'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getAllDataSourcesResponse {Ns} result='OK'>"
            + "<dataSource sourceId='MeteringTopology' name='MeteringTopology' hasChildren='false'/></getAllDataSourcesResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetRootAndChildDataSources_FlatSources_RootsAreAllAndChildrenNone()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var roots = await t.GetAsync("5", $"<getRootDataSources {Ns} xml:lang='en'/>", Ct);
        var children = await t.GetAsync("6", $"<getChildDataSources {Ns} sourceId='MeteringTopology' xml:lang='en'/>", Ct);

        ConcentratorTranscript.AssertResult(roots, $"<getRootDataSourcesResponse {Ns} result='OK'>"
            + "<dataSource sourceId='MeteringTopology' name='MeteringTopology' hasChildren='false'/></getRootDataSourcesResponse>");
        ConcentratorTranscript.AssertResult(children, $"<getChildDataSourcesResponse {Ns} result='OK'/>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ContainsNode_KnownAndUnknown_TrueAndFalse()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var known = await t.GetAsync("7", $"<containsNode {Ns} sourceId='MeteringTopology' nodeId='meter-1'/>", Ct);
        var unknown = await t.GetAsync("7b", $"<containsNode {Ns} sourceId='MeteringTopology' nodeId='meter-9'/>", Ct);

        ConcentratorTranscript.AssertResult(known, $"<containsNodeResponse {Ns} result='OK'>true</containsNodeResponse>");
        ConcentratorTranscript.AssertResult(unknown, $"<containsNodeResponse {Ns} result='OK'>false</containsNodeResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task ContainsNodes_Mixed_OneValuePerNodeInRequestOrder()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("8", $"<containsNodes {Ns}>"
            + "<node sourceId='MeteringTopology' nodeId='edge'/><node sourceId='MeteringTopology' nodeId='mcu-adc0'/>"
            + "<node sourceId='MeteringTopology' nodeId='Node3'/><node sourceId='MeteringGroups' nodeId='relay-1'/>"
            + "<node sourceId='MeteringTopology' nodeId='relay-1'/></containsNodes>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<containsNodesResponse {Ns} result='OK'>"
            + "<value>true</value><value>true</value><value>false</value><value>false</value><value>true</value></containsNodesResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_Root_BasicInformationWithoutParentId()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("9", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='edge' xml:lang='en'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeResponse {Ns} result='OK' {Edge}/>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_MeterWithParameters_PropertiesAsStringParametersInOrder()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("11", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='meter-1' xml:lang='en' parameters='true'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeResponse {Ns} result='OK' {Meter}>{MeterParameters}</getNodeResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_RelayWithParameters_ReportsTheCurrentControlValue()
    {
        var edge = EdgeTree.Build(out var output);
        await using var t = await ConcentratorTranscript.StartAsync(Ct, edge);
        const string request = $"<getNode {Ns} sourceId='MeteringTopology' nodeId='relay-1' parameters='true'/>";

        var before = await t.GetAsync("r1", request, Ct);
        output.Report(true);
        var after = await t.GetAsync("r2", request, Ct);

        ConcentratorTranscript.AssertResult(before, $"<getNodeResponse {Ns} result='OK' {Relay}><boolean id='Output' name='Relay output' value='false'/></getNodeResponse>");
        ConcentratorTranscript.AssertResult(after, $"<getNodeResponse {Ns} result='OK' {Relay}><boolean id='Output' name='Relay output' value='true'/></getNodeResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_WithoutParametersFlag_NoParameterChildren()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var explicitFalse = await t.GetAsync("p0", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='meter-1' parameters='false'/>", Ct);
        var messagesOnly = await t.GetAsync("34", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='meter-1' messages='true' xml:lang='en'/>", Ct);

        // No node event log exists: state None, and messages='true' adds no message elements.
        ConcentratorTranscript.AssertResult(explicitFalse, $"<getNodeResponse {Ns} result='OK' {Meter}/>");
        ConcentratorTranscript.AssertResult(messagesOnly, $"<getNodeResponse {Ns} result='OK' {Meter}/>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_ParametersAndMessages_ParametersOnly()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("35", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='meter-1' xml:lang='en' parameters='true' messages='true'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeResponse {Ns} result='OK' {Meter}>{MeterParameters}</getNodeResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_WithoutSourceId_LenientlyResolvedInAnySource()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("ns", $"<getNode {Ns} nodeId='mcu-adc0'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeResponse {Ns} result='OK' {Adc}/>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNodes_ThreeNodes_InRequestOrder()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("12", $"<getNodes {Ns} parameters='true' xml:lang='en'>"
            + "<node sourceId='MeteringTopology' nodeId='relay-1'/><node sourceId='MeteringTopology' nodeId='meter-1'/>"
            + "<node sourceId='MeteringTopology' nodeId='mcu-gpio3'/></getNodes>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodesResponse {Ns} result='OK'>"
            + $"<node {Relay}><boolean id='Output' name='Relay output' value='false'/></node>"
            + $"<node {Meter}>{MeterParameters}</node><node {Gpio}/></getNodesResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetAllNodes_DefaultSource_EveryNodeDepthFirst()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("13", $"<getAllNodes {Ns} sourceId='MeteringTopology' xml:lang='en'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getAllNodesResponse {Ns} result='OK'>"
            + $"<node {Edge}/><node {Meter}/><node {Mcu}/><node {Adc}/><node {Gpio}/><node {Relay}/></getAllNodesResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetAllNodes_OnlyIfDerivedFrom_OnlyNodesOfThatType()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var channels = await t.GetAsync("15", $"<getAllNodes {Ns} sourceId='MeteringTopology' xml:lang='en'>"
            + "<onlyIfDerivedFrom>channel</onlyIfDerivedFrom></getAllNodes>", Ct);
        var none = await t.GetAsync("16", $"<getAllNodes {Ns} sourceId='MeteringTopology' parameters='true' xml:lang='en'>"
            + "<onlyIfDerivedFrom>Namespace.BaseClass1</onlyIfDerivedFrom></getAllNodes>", Ct);

        ConcentratorTranscript.AssertResult(channels, $"<getAllNodesResponse {Ns} result='OK'><node {Adc}/><node {Gpio}/></getAllNodesResponse>");
        ConcentratorTranscript.AssertResult(none, $"<getAllNodesResponse {Ns} result='OK'/>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNodeInheritance_NoClassHierarchy_EmptyBaseClasses()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("17", $"<getNodeInheritance {Ns} sourceId='MeteringTopology' nodeId='meter-1'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeInheritanceResponse {Ns} result='OK'><baseClasses/></getNodeInheritanceResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetRootNodes_WithParameters_TheConcentratorRootOnly()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("19", $"<getRootNodes {Ns} sourceId='MeteringTopology' parameters='true' xml:lang='en'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getRootNodesResponse {Ns} result='OK'><node {Edge}/></getRootNodesResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetChildNodes_RootAndBridgeAndLeaf_DirectChildrenOnly()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var ofRoot = await t.GetAsync("20", $"<getChildNodes {Ns} sourceId='MeteringTopology' nodeId='edge' xml:lang='en'/>", Ct);
        var ofMcu = await t.GetAsync("21", $"<getChildNodes {Ns} sourceId='MeteringTopology' nodeId='mcu' parameters='true' xml:lang='en'/>", Ct);
        var ofLeaf = await t.GetAsync("22", $"<getChildNodes {Ns} sourceId='MeteringTopology' nodeId='relay-1'/>", Ct);

        ConcentratorTranscript.AssertResult(ofRoot, $"<getChildNodesResponse {Ns} result='OK'><node {Meter}/><node {Mcu}/><node {Relay}/></getChildNodesResponse>");
        ConcentratorTranscript.AssertResult(ofMcu, $"<getChildNodesResponse {Ns} result='OK'><node {Adc}/><node {Gpio}/></getChildNodesResponse>");
        ConcentratorTranscript.AssertResult(ofLeaf, $"<getChildNodesResponse {Ns} result='OK'/>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetAncestors_Channel_SelfThenParentThenRoot()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("42", $"<getAncestors {Ns} sourceId='MeteringTopology' nodeId='mcu-adc0' parameters='false' messages='false' xml:lang='en'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getAncestorsResponse {Ns} result='OK'><node {Adc}/><node {Mcu}/><node {Edge}/></getAncestorsResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetAncestors_WithParameters_EachNodeCarriesItsParameters()
    {
        await using var t = await ConcentratorTranscript.StartAsync(Ct, EdgeTree.Build());

        var answer = await t.GetAsync("43", $"<getAncestors {Ns} sourceId='MeteringTopology' nodeId='mcu-gpio3' parameters='true'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getAncestorsResponse {Ns} result='OK'><node {Gpio}/>"
            + $"<node {Mcu}><string id='Port' name='Port' value='/dev/ttyACM0'/><string id='Firmware' name='Firmware' value='1.4.2'/></node>"
            + $"<node {Edge}/></getAncestorsResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task Browse_NodeInSecondSource_SourcesSeparateParentsAndRoots()
    {
        var modbusMeter = new ThingNode(new ThingReference("meter-2", "Modbus"), "sdm120");
        var root = new ThingNode(new ThingReference("edge"), "concentrator", [modbusMeter]);
        await using var t = await ConcentratorTranscript.StartAsync(Ct, root);

        var sources = await t.GetAsync("s1", $"<getAllDataSources {Ns}/>", Ct);
        var modbusRoots = await t.GetAsync("s2", $"<getRootNodes {Ns} sourceId='Modbus'/>", Ct);
        var topologyNodes = await t.GetAsync("s3", $"<getAllNodes {Ns} sourceId='MeteringTopology'/>", Ct);
        var wrongSource = await t.GetAsync("s4", $"<containsNode {Ns} sourceId='MeteringTopology' nodeId='meter-2'/>", Ct);

        ConcentratorTranscript.AssertResult(sources, $"<getAllDataSourcesResponse {Ns} result='OK'>"
            + "<dataSource sourceId='MeteringTopology' name='MeteringTopology' hasChildren='false'/>"
            + "<dataSource sourceId='Modbus' name='Modbus' hasChildren='false'/></getAllDataSourcesResponse>");
        ConcentratorTranscript.AssertResult(modbusRoots, $"<getRootNodesResponse {Ns} result='OK'>"
            + "<node nodeId='meter-2' displayName='meter-2' nodeType='sdm120' state='None' hasChildren='false' isReadable='true' isControllable='false' hasCommands='false'/>"
            + "</getRootNodesResponse>");
        ConcentratorTranscript.AssertResult(topologyNodes, $"<getAllNodesResponse {Ns} result='OK'>"
            + "<node nodeId='edge' displayName='edge' nodeType='concentrator' state='None' hasChildren='false' isReadable='false' isControllable='false' hasCommands='false'/>"
            + "</getAllNodesResponse>");
        ConcentratorTranscript.AssertResult(wrongSource, $"<containsNodeResponse {Ns} result='OK'>false</containsNodeResponse>");
    }
}
