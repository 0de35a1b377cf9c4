using System.Text.Json;

namespace Edge.Hardware.Profiles;

/// <summary>
/// One sensor entry of a hardware profile: its node id, its kind (<c>bme280</c>, <c>ina219</c>, <c>ads1115</c>,
/// <c>ds18b20</c>, <c>dht22</c>, <c>s0</c>, <c>digitalInput</c>, <c>modbus</c>, <c>firmwareBridge</c>) and the
/// entry's JSON (already validated for the built-in kinds).
/// </summary>
public sealed class SensorSpec
{
    internal SensorSpec(string id, string kind, string path, JsonElement settings, object? parsed)
    {
        Id = id;
        Kind = kind;
        Path = path;
        Settings = settings;
        Parsed = parsed;
    }

    public string Id { get; }

    public string Kind { get; }

    /// <summary>The entry's JSON path, e.g. <c>sensors[3]</c>, for error messages.</summary>
    public string Path { get; }

    /// <summary>The entry as written (a firmware-bridge factory reads its own keys from here).</summary>
    public JsonElement Settings { get; }

    internal object? Parsed { get; }
}
