using Edge.Things;
using Edge.Things.Control;

namespace Edge.Iot.Tests.Concentrator;

/// <summary>
/// The node parameter mapping (XEP-0326 §5.2 parameter types): Properties as strings, then every control parameter
/// type's current value as its element; isControllable from writable control parameters.
/// </summary>
[TestClass]
public sealed class ConcentratorServerParameterTests
{
    private const string Ns = "xmlns='urn:xmpp:iot:concentrators'";

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationTokenSource.Token;

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_EveryControlParameterType_TypedElementsAfterProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Location"] = "Hall",
            ["Setpoint"] = "shadowed by the control parameter of the same name",
        };
        var thermostat = new ThingNode(new ThingReference("thermostat"), "thermostat", properties: properties,
            parameters:
            [
                ControlParameter.Double("Setpoint", 21.5, 5, 30, "°C", label: "Set point"),
                ControlParameter.Int("Fan", 2),
                ControlParameter.Long("Energy", 5_000_000_000),
                ControlParameter.String("Mode", "auto"),
                ControlParameter.Date("Holiday", new DateOnly(2026, 12, 24)),
                ControlParameter.DateTime("Until", new DateTimeOffset(2026, 11, 23, 10, 0, 5, 123, TimeSpan.FromHours(1))),
                ControlParameter.Duration("Boost", TimeSpan.FromMinutes(90)),
                ControlParameter.Time("Wake", new TimeOnly(6, 30)),
                ControlParameter.Color("Led", new ColorRgba(0x12, 0xAB, 0xEF)),
                ControlParameter.Color("Glow", new ColorRgba(0xFF, 0, 0, 0x80)),
                ControlParameter.Boolean("Enabled", true, readOnly: true),
            ]);
        await using var t = await ConcentratorTranscript.StartAsync(Ct, thermostat);

        var answer = await t.GetAsync("p1", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='thermostat' parameters='true'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeResponse {Ns} result='OK' nodeId='thermostat' displayName='thermostat' nodeType='thermostat'"
            + " state='None' hasChildren='false' isReadable='true' isControllable='true' hasCommands='false'>"
            + "<string id='Location' name='Location' value='Hall'/>"
            + "<double id='Setpoint' name='Set point' value='21.5'/>"
            + "<int id='Fan' name='Fan' value='2'/>"
            + "<long id='Energy' name='Energy' value='5000000000'/>"
            + "<string id='Mode' name='Mode' value='auto'/>"
            + "<string id='Holiday' name='Holiday' value='2026-12-24'/>"
            + "<dateTime id='Until' name='Until' value='2026-11-23T09:00:05.123Z'/>"
            + "<duration id='Boost' name='Boost' value='PT1H30M'/>"
            + "<time id='Wake' name='Wake' value='06:30:00'/>"
            + "<color id='Led' name='Led' value='12ABEF'/>"
            + "<string id='Glow' name='Glow' value='FF000080'/>"
            + "<boolean id='Enabled' name='Enabled' value='true'/>"
            + "</getNodeResponse>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_OnlyReadOnlyControlParameters_NotControllable()
    {
        var sensor = new ThingNode(new ThingReference("door"), "reed-switch",
            parameters: [ControlParameter.Boolean("Closed", true, readOnly: true)]);
        await using var t = await ConcentratorTranscript.StartAsync(Ct, sensor);

        var answer = await t.GetAsync("p2", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='door'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeResponse {Ns} result='OK' nodeId='door' displayName='door' nodeType='reed-switch'"
            + " state='None' hasChildren='false' isReadable='true' isControllable='false' hasCommands='false'/>");
    }

    [TestMethod]
    [Timeout(10_000)]
    public async Task GetNode_CacheTypes_NodeAndParentCacheTypeReported()
    {
        var child = new ThingNode(new ThingReference("A1-1", cacheType: "Apartment"), "apartment");
        var building = new ThingNode(new ThingReference("B1", cacheType: "Building"), "building", [child]);
        await using var t = await ConcentratorTranscript.StartAsync(Ct, building);

        var answer = await t.GetAsync("c1", $"<getNode {Ns} sourceId='MeteringTopology' nodeId='A1-1' cacheType='Apartment'/>", Ct);
        var wrongCache = await t.GetAsync("c2", $"<containsNode {Ns} sourceId='MeteringTopology' nodeId='A1-1' cacheType='Building'/>", Ct);

        ConcentratorTranscript.AssertResult(answer, $"<getNodeResponse {Ns} result='OK' nodeId='A1-1' displayName='A1-1' nodeType='apartment'"
            + " cacheType='Apartment' state='None' hasChildren='false' isReadable='true' isControllable='false' hasCommands='false'"
            + " parentId='B1' parentCacheType='Building'/>");
        ConcentratorTranscript.AssertResult(wrongCache, $"<containsNodeResponse {Ns} result='OK'>false</containsNodeResponse>");
    }
}
