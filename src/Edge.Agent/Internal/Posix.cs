using System.Runtime.InteropServices;

namespace Edge.Agent.Internal;

/// <summary>
/// The few libc calls .NET does not offer: the process umask, and an fsync of a directory, so that a file created,
/// renamed or deleted in it survives a power cut (POSIX: the entry lives in the directory, and the file's own fsync
/// does not cover it).
/// </summary>
internal static partial class Posix
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int Directory = 0x10000; // O_DIRECTORY on Linux (x64 and arm64)

    /// <summary>fsyncs a directory; false where the platform or the file system does not allow it.</summary>
    public static bool SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var fd = Open(path, ReadOnly | Directory);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return Fsync(fd) == 0;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>umask(2); returns the previous mask. mode_t is a 32-bit unsigned int on Linux (glibc and musl); it cannot fail.</summary>
    [LibraryImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial uint Umask(uint mask);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
