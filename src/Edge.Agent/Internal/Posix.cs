using System.Runtime.InteropServices;

namespace Edge.Agent.Internal;

/// <summary>
/// The few libc calls .NET does not offer: the process umask, the malloc arena cap, an fsync of a directory, so that a file created,
/// renamed or deleted in it survives a power cut (POSIX: the entry lives in the directory, and the file's own fsync
/// does not cover it), and for <c>edge doctor</c>: the effective user, access(2) and the kernel clock's NTP state.
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

    /// <summary>Whether this process may read and write <paramref name="path"/> (access(2) with R_OK|W_OK).</summary>
    public static bool CanReadWrite(string path) => !OperatingSystem.IsLinux() || Access(path, 4 | 2) == 0;

    /// <summary>The effective user id (geteuid(2)); 0 off Linux.</summary>
    public static uint EffectiveUserId() => OperatingSystem.IsLinux() ? GetEuid() : 0;

    /// <summary>
    /// The kernel clock's state as adjtimex(2) reports it without changing anything (modes 0): false when the kernel
    /// says the clock is not synchronized (TIME_ERROR, 5: no NTP daemon has disciplined it), true when it is, null where
    /// the call is not available. The struct timex buffer is larger than the kernel's on x64 and arm64 (208 bytes).
    /// </summary>
    public static unsafe bool? ClockSynchronized()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        byte* timex = stackalloc byte[512];
        new Span<byte>(timex, 512).Clear();
        int state = NtpAdjtime(timex);
        return state < 0 ? null : state != 5;
    }

    /// <summary>
    /// Caps glibc's malloc arenas at <paramref name="arenas"/> (mallopt M_ARENA_MAX; the default is 8 per core, one per
    /// thread that calls malloc while another holds an arena). Native memory here is OpenSSL's and the runtime's, and a
    /// thread's own arena keeps what it freed: on the sim profile the agent had 13 arenas, and each reconnect (a new
    /// TLS session) left about 1 MiB more in one of them (C heap 1.9 -> 3.2 MiB over 7 minutes); with 2 arenas the
    /// same run stayed at 1.9 MiB. False where there is no such call (not glibc) or it refused.
    /// </summary>
    public static bool LimitMallocArenas(int arenas)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Mallopt(-8, arenas) == 1; // M_ARENA_MAX (malloc.h); 1 = success
        }
        catch (EntryPointNotFoundException)
        {
            return false; // musl has no mallopt
        }
        catch (DllNotFoundException)
        {
            return false;
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

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int param, int value);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "ntp_adjtime", SetLastError = true)]
    private static unsafe partial int NtpAdjtime(byte* timex);
}
