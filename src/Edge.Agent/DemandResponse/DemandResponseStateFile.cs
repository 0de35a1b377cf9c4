using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Agent.Internal;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// The engine's state on disk: <c>{DataDirectory}/demand-response.json</c>,
/// <c>{"version":2,"loads":[…],"events":[…],"energyDay":…,"energyDayStartKwh":…}</c>: one <see cref="ShedRecord"/>
/// per load the engine holds shed, the program events not yet over, and the start of the day's energy count. Version 1
/// (loads only) is read too. Written atomically (temp file, fsync, rename, fsync of the
/// directory), mode 0600; source-generated JSON (NativeAOT-safe).
/// </summary>
internal sealed class DemandResponseStateFile(string path)
{
    public const int CurrentVersion = 2;

    public string Path { get; } = path;

    /// <summary>The state on disk; null when there is no file. Throws <see cref="JsonException"/> or <see cref="IOException"/>.</summary>
    public DemandResponseStateDocument? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        using FileStream stream = File.OpenRead(Path);
        DemandResponseStateDocument? document = JsonSerializer.Deserialize(stream, DemandResponseJson.Default.DemandResponseStateDocument);
        if (document is null || document.Version is < 1 or > CurrentVersion)
        {
            throw new JsonException($"unsupported state version {document?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(null)"}");
        }

        return document;
    }

    /// <summary>Replaces the file with <paramref name="document"/>. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public void Save(DemandResponseStateDocument document)
    {
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        string temp = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            document.Version = CurrentVersion;
            JsonSerializer.Serialize(stream, document, DemandResponseJson.Default.DemandResponseStateDocument);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
        _ = Posix.SyncDirectory(directory);
    }
}

/// <summary>The JSON document of <see cref="DemandResponseStateFile"/>.</summary>
internal sealed class DemandResponseStateDocument
{
    public int Version { get; set; }

    public List<ShedRecord>? Loads { get; set; }

    public List<GridEvent>? Events { get; set; }

    public DateOnly? EnergyDay { get; set; }

    public double EnergyDayStartKwh { get; set; }
}

/// <summary>Source-generated JSON for the demand-response state (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DemandResponseStateDocument))]
internal sealed partial class DemandResponseJson : JsonSerializerContext;
