using System.Text.Json.Serialization;

namespace Edge.Agent.Provisioning;

/// <summary>Source-generated JSON for <c>credentials.json</c> (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(DeviceCredentials))]
internal sealed partial class CredentialsJson : JsonSerializerContext;
