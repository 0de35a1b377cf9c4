using System.Text.Json.Serialization;

namespace Edge.Agent.Provisioning;

/// <summary>Source-generated JSON for <c>provisioning.json</c> (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ProvisioningState))]
internal sealed partial class ProvisioningJson : JsonSerializerContext;
