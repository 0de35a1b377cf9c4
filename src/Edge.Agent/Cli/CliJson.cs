using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Agent.Cli;

/// <summary>
/// Source-generated JSON for the command line's <c>--json</c> output (NativeAOT- and trimming-safe): the objects are
/// <c>Dictionary&lt;string, object?&gt;</c>, and every type a value may have at run time is listed here, which is what
/// lets the generated serializer write an <c>object</c> without reflection. A value of another type would throw
/// <see cref="NotSupportedException"/> (the tests print every verb's JSON).
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(Dictionary<string, object?>[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>One JSON object on one line.</summary>
    public static string Line(Dictionary<string, object?> value) => JsonSerializer.Serialize(value, Default.DictionaryStringObject);
}
