using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using Edge.Agent.Cli;
using Edge.Agent.Tests.Json;

namespace Edge.Agent.Tests.Cli;

/// <summary>
/// The <c>--json</c> lines are the JSON System.Text.Json's serializer wrote before (scripts parse them): compared
/// with lines main wrote (<c>Json/MainFormats/cli-lines.jsonl</c>) and, for many values, with that serializer run here
/// with main's options (<see cref="MainCliJson"/>).
/// </summary>
[TestClass]
public sealed class CliJsonTests
{
    private static readonly XElement Payload = XElement.Parse("""
        <fields xmlns="urn:xmpp:iot:sensordata" seqnr="1"><node nodeId="meter-1"><timestamp value="2026-12-06T18:00:00Z">
          <numeric name="Power" momentary="true" value="1234.50" unit="W" automaticReadout="true"/>
          <boolean name="Relay" status="true" value="1" writable="true"/>
          <string name="Text" value="a &quot;b&quot; &lt;c&gt;"/>
          <int name="Count" value="-7" invoiced="true"/>
          <numeric name="Bad" value="n/a"/>
        </timestamp></node></fields>
        """);

    private static string SerializedByMain(Dictionary<string, object?> value) => JsonSerializer.Serialize(value, MainCliJson.Default.DictionaryStringObject);

    [TestMethod]
    public void Line_TheLinesMainWrote_SameText()
    {
        var lines = new List<string>
        {
            CliJson.Line(new() { ["plain"] = "text", ["escaped"] = "quote \" backslash \\ slash / newline \n tab \t cr \r ctrl \u0001\u001f del \u007f <html> & 'apos' + é € \u2028 😀", ["null"] = null, ["true"] = true, ["false"] = false, [""] = "", ["kéy \"q\""] = "v" }),
            CliJson.Line(new() { ["zero"] = 0.0, ["negzero"] = -0.0, ["half"] = 1.5, ["big"] = 1e300, ["tiny"] = double.Epsilon, ["long"] = 123456789012345678.0, ["sum"] = 0.1 + 0.2, ["max"] = double.MaxValue, ["min"] = double.MinValue, ["third"] = 1 / 3.0, ["int"] = 42.0, ["neg"] = -273.15 }),
            CliJson.Line(new() { ["empty"] = Array.Empty<string>(), ["strings"] = new[] { "a", "b\"", "" }, ["map"] = new Dictionary<string, string> { ["#V"] = "1.2", ["MAN"] = "acme é" }, ["emptyMap"] = new Dictionary<string, string>(), ["objects"] = new[] { new Dictionary<string, object?> { ["a"] = 1.0, ["b"] = null, ["c"] = new[] { "x" } }, new Dictionary<string, object?>() }, ["noObjects"] = Array.Empty<Dictionary<string, object?>>() }),
        };
        lines.AddRange(FieldRow.From(Payload).Select(r => r.ToJsonLine()));
        lines.Add(CliJson.Line(new Dictionary<string, object?> { ["service"] = "pubsub.localhost", ["node"] = "edge/readings", ["id"] = "item-1", ["fields"] = FieldRow.From(Payload).Select(f => f.ToJson(withNode: false)).ToArray() }));

        string[] main = File.ReadAllLines(MainFormats.Fixture("cli-lines.jsonl"));

        Assert.AreEqual(main.Length, lines.Count);
        for (int i = 0; i < main.Length; i++)
        {
            Assert.AreEqual(main[i], lines[i], $"line {i + 1}");
        }
    }

    [TestMethod]
    public void Line_ManyStringsAndNumbers_SameAsMainsSerializer()
    {
        var random = new Random(20261206);
        string[] alphabet = [.. "aZ09 \"\\/\b\f\n\r\t\u0000\u001f\u007f<>&'+`é€\u2028\u2029\uFEFF".Select(c => c.ToString()), "😀", "\U0001F1E9\U0001F1EA"];
        for (int round = 0; round < 500; round++)
        {
            string Text() => string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            double number = random.Next(6) switch
            {
                0 => random.NextDouble(),
                1 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 0,
                2 => random.Next(-1000, 1000),
                3 => random.NextDouble() * Math.Pow(10, random.Next(-300, 300)),
                4 => Math.Round(random.NextDouble() * 1000, random.Next(0, 6)),
                _ => -random.NextDouble(),
            };
            var value = new Dictionary<string, object?>
            {
                [Text()] = Text(),
                ["n" + round] = number,
                ["b"] = random.Next(2) == 0,
                ["null"] = null,
                ["strings"] = Enumerable.Range(0, random.Next(3)).Select(_ => Text()).ToArray(),
                ["map"] = Enumerable.Range(0, random.Next(3)).ToDictionary(i => i + Text(), _ => Text()),
                ["objects"] = new[] { new Dictionary<string, object?> { [Text()] = number, ["s"] = Text(), ["x"] = null } },
            };

            Assert.AreEqual(SerializedByMain(value), CliJson.Line(value), $"round {round}");
        }
    }

    [TestMethod]
    public void Line_Parsed_NestedValuesBack()
    {
        string line = CliJson.Line(new()
        {
            ["min"] = null,
            ["options"] = new[] { "a", "b" },
            ["fields"] = new[] { new Dictionary<string, object?> { ["value"] = -1.25e-7, ["flags"] = (IReadOnlyList<string>)["status"] } },
            ["count"] = 3,
            ["big"] = long.MaxValue,
        });

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("min").ValueKind);
        Assert.AreEqual("b", root.GetProperty("options")[1].GetString());
        Assert.AreEqual(-1.25e-7, root.GetProperty("fields")[0].GetProperty("value").GetDouble());
        Assert.AreEqual("status", root.GetProperty("fields")[0].GetProperty("flags")[0].GetString());
        Assert.AreEqual(3, root.GetProperty("count").GetInt32());
        Assert.AreEqual(long.MaxValue, root.GetProperty("big").GetInt64());
        Assert.IsFalse(line.Contains('\n', StringComparison.Ordinal));
    }

    [TestMethod]
    public void Line_ValueWithoutAJsonForm_NotSupported()
    {
        Assert.ThrowsExactly<NotSupportedException>(() => CliJson.Line(new() { ["when"] = DateTimeOffset.UnixEpoch }));
        Assert.ThrowsExactly<ArgumentException>(() => CliJson.Line(new() { ["nan"] = double.NaN }));
    }

    [TestMethod]
    public void ToJsonLine_NumericNaNOrInfinity_TheTextAsSent()
    {
        var payload = XElement.Parse("""
            <fields xmlns="urn:xmpp:iot:sensordata"><node nodeId="n"><timestamp value="2026-12-06T18:00:00Z">
              <numeric name="A" value="NaN"/><numeric name="B" value="Infinity"/><numeric name="C" value="1e999"/>
            </timestamp></node></fields>
            """);

        var values = FieldRow.From(payload).Select(r => JsonDocument.Parse(r.ToJsonLine()).RootElement.GetProperty("value").GetString()).ToArray();

        CollectionAssert.AreEqual(new[] { "NaN", "Infinity", "1e999" }, values);
    }
}

/// <summary>Main's <c>CliJson</c> context, for comparing with the serializer it used.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(Dictionary<string, object?>[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
internal sealed partial class MainCliJson : JsonSerializerContext;
