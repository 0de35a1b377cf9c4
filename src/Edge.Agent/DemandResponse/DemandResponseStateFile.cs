using System.Globalization;
using System.Text.Json;
using Edge.Agent.Internal;

namespace Edge.Agent.DemandResponse;

/// <summary>
/// The engine's state on disk: <c>{DataDirectory}/demand-response.json</c>,
/// <c>{"version":2,"loads":[…],"events":[…],"energyDay":…,"energyDayStartKwh":…}</c>: one <see cref="ShedRecord"/>
/// per load the engine holds shed, the program events not yet over, and the start of the day's energy count. Version 1
/// (loads only) is read too. Written atomically (temp file, fsync, rename, fsync of the directory), mode 0600, indented
/// (<see cref="JsonDataFile"/>); the property names are camelCase and a <see cref="ShedReason"/> its name, as the
/// serializer that wrote this file before had them.
/// </summary>
internal sealed class DemandResponseStateFile(string path)
{
    public const int CurrentVersion = 2;

    public string Path { get; } = path;

    /// <summary>
    /// The state on disk; null when there is no file. Throws <see cref="JsonException"/> (not JSON, a property of the
    /// wrong kind, an unsupported version: the message says which), <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public DemandResponseStateDocument? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        DemandResponseStateDocument document = JsonDataFile.Read(Path, DemandResponseStateDocument.Read);
        return document.Version is >= 1 and <= CurrentVersion ? document
            : throw new JsonException($"unsupported state version {document.Version.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Replaces the file with <paramref name="document"/>. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public void Save(DemandResponseStateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Version = CurrentVersion;
        JsonDataFile.Write(Path, indented: true, document.Write);
    }
}

/// <summary>The JSON document of <see cref="DemandResponseStateFile"/>, and its reading and writing.</summary>
internal sealed class DemandResponseStateDocument
{
    public int Version { get; set; }

    public List<ShedRecord>? Loads { get; set; }

    public List<GridEvent>? Events { get; set; }

    public DateOnly? EnergyDay { get; set; }

    public double EnergyDayStartKwh { get; set; }

    internal static DemandResponseStateDocument Read(JsonDataObject o) => new()
    {
        Version = o.Int32("version"),
        Loads = o.Objects("loads", r => new ShedRecord
        {
            Node = r.String("node") ?? string.Empty,
            ShedAt = r.DateTimeOffset("shedAt") ?? default,
            Reason = r.Enum<ShedReason>("reason"),
            Depth = r.Int32("depth"),
            Priority = r.Int32("priority"),
            RestoreAt = r.DateTimeOffset("restoreAt"),
        }),
        Events = o.Objects("events", e => new GridEvent(
            e.String("id") ?? string.Empty,
            e.Int64("modification"),
            e.Objects("intervals", i => new GridEventInterval(i.DateTimeOffset("start") ?? default, i.DateTimeOffset("end") ?? default,
                i.Int32("depth"))) ?? [],
            e.Bool("cancelled"))),
        EnergyDay = o.Date("energyDay"),
        EnergyDayStartKwh = o.Double("energyDayStartKwh"),
    };

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteNumber("version", Version);
        w.WriteObjects("loads", Loads, static (w, r) =>
        {
            w.WriteString("node", r.Node);
            w.WriteString("shedAt", r.ShedAt);
            w.WriteString("reason", r.Reason.ToString());
            w.WriteNumber("depth", r.Depth);
            w.WriteNumber("priority", r.Priority);
            w.WriteDateTime("restoreAt", r.RestoreAt);
        });
        w.WriteObjects("events", Events, static (w, e) =>
        {
            w.WriteString("id", e.Id);
            w.WriteNumber("modification", e.Modification);
            w.WriteObjects("intervals", e.Intervals, static (w, i) =>
            {
                w.WriteString("start", i.Start);
                w.WriteString("end", i.End);
                w.WriteNumber("depth", i.Depth);
            });
            w.WriteBoolean("cancelled", e.Cancelled);
        });
        w.WriteDate("energyDay", EnergyDay);
        w.WriteNumber("energyDayStartKwh", EnergyDayStartKwh);
    }
}
