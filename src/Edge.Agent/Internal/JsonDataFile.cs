using System.Globalization;
using System.Text.Json;

namespace Edge.Agent.Internal;

/// <summary>
/// A JSON file of the data directory (<c>credentials.json</c>, <c>provisioning.json</c>,
/// <c>provisioning-decisions.json</c>, <c>demand-response.json</c>, <c>settings.json</c>): one object of named
/// properties, written by the file's own code through a <see cref="Utf8JsonWriter"/> and read back through a
/// <see cref="JsonDataObject"/>, so that the agent needs no serializer (System.Text.Json's costs about 0.3 MB of the
/// NativeAOT binary). The bytes are those the source-generated serializer wrote before: the same writer, encoder and
/// indentation underneath (tests compare them with files written by that serializer).
/// <para>
/// Errors never quote the file's content, only where it is wrong: several of these files hold secrets, and their
/// errors reach the log.
/// </para>
/// </summary>
internal static class JsonDataFile
{
    /// <summary>The reason <see cref="TryRead"/> gives for a missing file.</summary>
    public const string Missing = "does not exist";

    /// <summary>
    /// Reads and parses <paramref name="path"/> with <paramref name="read"/>. Throws <see cref="FileNotFoundException"/>
    /// (or <see cref="DirectoryNotFoundException"/>) when it is missing, <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when it cannot be read, and <see cref="JsonException"/> when it is not
    /// JSON (<c>not valid JSON at line 3, byte 7</c>) or a property is not what <paramref name="read"/> expects
    /// (<c>$.loads[0].shedAt: expected a date and time, found a number</c>).
    /// </summary>
    public static T Read<T>(string path, Func<JsonDataObject, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using JsonDocument document = Parse(path);
        return read(new JsonDataObject(document.RootElement, "$"));
    }

    /// <summary>
    /// <see cref="Read"/> with the failure as a reason to log after the file's name instead of an exception:
    /// <see cref="Missing"/>, <c>cannot be read: …</c>, <c>is not valid JSON at line 3, byte 7</c> or
    /// <c>is not valid: $.state: expected a string, found a number</c>; never the content.
    /// </summary>
    public static bool TryRead<T>(string path, Func<JsonDataObject, T> read,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value, out string reason)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        value = null;
        JsonDocument document;
        try
        {
            document = Parse(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            reason = Missing;
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = "cannot be read: " + e.Message;
            return false;
        }
        catch (JsonException e)
        {
            reason = "is " + e.Message;
            return false;
        }

        using (document)
        {
            try
            {
                value = read(new JsonDataObject(document.RootElement, "$"));
            }
            catch (JsonException e)
            {
                reason = "is not valid: " + e.Message;
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    private static JsonDocument Parse(string path)
    {
        ReadOnlyMemory<byte> bytes = File.ReadAllBytes(path);
        if (bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..]; // a UTF-8 byte order mark, as an editor may add: the serializer's stream reader skipped it too
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            // The reader's own message can quote a character of the content; the position is enough to find it.
            throw new JsonException(string.Create(CultureInfo.InvariantCulture,
                $"not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}"));
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with the object whose properties <paramref name="properties"/> writes, so that a
    /// power cut leaves the old file or the new one, never a torn one: written to a temporary file (mode 0600) and
    /// fsynced, renamed over the old one, then the directory fsynced so the rename itself is on disk. The directory is
    /// created when missing. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="indented">Two spaces an indent and a line per property (the files people read), or one line.</param>
    /// <param name="properties">Writes the properties of the object, in order.</param>
    public static void Write(string path, bool indented, Action<Utf8JsonWriter> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            {
                writer.WriteStartObject();
                properties(writer);
                writer.WriteEndObject();
            }

            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new; an older temporary file keeps its mode otherwise.
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        _ = Posix.SyncDirectory(directory);
    }

    /// <summary>Writes an array of strings, or null.</summary>
    public static void WriteStrings(this Utf8JsonWriter writer, string name, IEnumerable<string>? values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (values is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes an array of objects, each with the properties <paramref name="properties"/> writes, or null.</summary>
    public static void WriteObjects<T>(this Utf8JsonWriter writer, string name, IEnumerable<T>? items, Action<Utf8JsonWriter, T> properties)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(properties);
        if (items is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartArray(name);
        foreach (T item in items)
        {
            writer.WriteStartObject();
            properties(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes an ISO 8601 date and time (as <see cref="JsonDataObject.DateTimeOffset"/> reads it), or null.</summary>
    public static void WriteDateTime(this Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    /// <summary>Writes a date, <c>yyyy-MM-dd</c> (as <see cref="JsonDataObject.Date"/> reads it), or null.</summary>
    public static void WriteDate(this Utf8JsonWriter writer, string name, DateOnly? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } date)
        {
            writer.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
