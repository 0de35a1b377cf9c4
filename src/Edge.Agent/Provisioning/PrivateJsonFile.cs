using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Edge.Agent.Provisioning;

/// <summary>
/// A small secret-bearing JSON file of the data directory (<c>credentials.json</c>, <c>provisioning.json</c>): read with
/// a reason that never quotes the content, written 0600 so that a power cut leaves the old file or the new one.
/// </summary>
internal static class PrivateJsonFile
{
    /// <summary>Reads <paramref name="path"/>; false with a reason (never the content) when it is missing, unreadable or not JSON.</summary>
    public static bool TryRead<T>(string path, JsonTypeInfo<T> type, out T? value, out string reason)
        where T : class
    {
        value = null;
        reason = string.Empty;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            reason = "does not exist";
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = "cannot be read: " + e.Message;
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            // The message of a JsonException can quote the content: a secret must not reach a log.
            reason = "is not valid JSON";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Replaces <paramref name="path"/> atomically: written to a temporary file (0600) and fsynced, renamed over the old
    /// one, then the directory fsynced so the rename itself is on disk.
    /// </summary>
    public static void Write<T>(string path, T value, JsonTypeInfo<T> type)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, value, type);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new; an older temporary file keeps its mode otherwise.
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        Internal.Posix.SyncDirectory(directory);
    }
}
