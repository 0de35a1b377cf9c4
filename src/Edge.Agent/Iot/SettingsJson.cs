using System.Text.Json.Serialization;

namespace Edge.Agent.Iot;

/// <summary>Source-generated JSON for <c>settings.json</c> (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SettingsJson : JsonSerializerContext;
