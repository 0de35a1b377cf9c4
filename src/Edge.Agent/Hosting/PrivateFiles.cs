namespace Edge.Agent.Hosting;

/// <summary>
/// Keeps what the agent writes to itself: umask 077 for the process, so every file it creates is 0600 and every
/// directory 0700 (the outbox holds readings, the data directory device settings), and the data directory itself
/// made 0700 at start, whatever mode an earlier version or an installer left it with.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Group and others get nothing.</summary>
    public const uint PrivateUmask = 0x3F; // 077

    /// <summary>Sets the process umask; returns the previous one (0 and no change on Windows, which has none).</summary>
    public static uint SetUmask(uint mask) => OperatingSystem.IsWindows() ? 0 : Internal.Posix.Umask(mask);

    /// <summary>Creates <paramref name="path"/> (0700) if missing, else chmods it to 0700; the reason on failure.</summary>
    public static bool TryPrepareDirectory(string path, out string reason)
    {
        reason = string.Empty;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
                return true;
            }

            if (File.Exists(path))
            {
                reason = "is a file, not a directory";
                return false;
            }

            Directory.CreateDirectory(path, DirectoryMode);
            File.SetUnixFileMode(path, DirectoryMode);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return false;
        }
    }
}
