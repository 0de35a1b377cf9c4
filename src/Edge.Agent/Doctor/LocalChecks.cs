using System.Globalization;
using Edge.Agent.Internal;

namespace Edge.Agent.Doctor;

/// <summary>
/// The checks <c>edge doctor</c> makes on the device itself, without a network: the configuration, the clock and the
/// data directory. Each returns findings and changes nothing (the data directory probe file is removed again).
/// </summary>
public static class LocalChecks
{
    /// <summary>No clock reading before this can be right: this build of Edge did not exist yet.</summary>
    public static readonly DateTimeOffset EarliestPlausibleTime = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Below this much free space the outbox cannot take a reading's segment: the agent stops buffering.</summary>
    public const long MinimumFreeBytes = 1 << 20;

    public static IEnumerable<DoctorFinding> Configuration(IReadOnlyList<string> errors, string sources)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            yield return DoctorFinding.Ok("configuration", "valid (" + sources + ")");
            yield break;
        }

        foreach (var error in errors)
        {
            yield return DoctorFinding.Failed("configuration", error, "correct it in " + sources + " (edge run --help lists the sources)");
        }
    }

    /// <param name="now">The system clock.</param>
    /// <param name="synchronized">The kernel's NTP state (<see cref="Posix.ClockSynchronized"/>); null when unknown.</param>
    public static DoctorFinding Clock(DateTimeOffset now, bool? synchronized)
    {
        var shown = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (now < EarliestPlausibleTime)
        {
            return DoctorFinding.Failed("clock", $"the clock reads {shown}, before this software was built",
                "set the time (timedatectl set-time, or let NTP reach a server): TLS rejects every certificate until then");
        }

        return synchronized switch
        {
            true => DoctorFinding.Ok("clock", shown + ", synchronized (NTP)"),
            false => DoctorFinding.Warning("clock", shown + ", not synchronized (the kernel has no NTP discipline)",
                "enable systemd-timesyncd or chrony: certificate checks, readings' timestamps and quiet hours depend on the clock"),
            null => DoctorFinding.Warning("clock", shown + ", synchronization state unknown", "check timedatectl: NTP should be active"),
        };
    }

    /// <param name="path">The data directory, absolute.</param>
    /// <param name="outboxMaxBytes">Agent:Outbox:MaxBytes: how much the outbox may need on disk.</param>
    public static IEnumerable<DoctorFinding> DataDirectory(string path, long outboxMaxBytes)
    {
        const string Check = "data directory";
        var user = Environment.UserName;
        if (File.Exists(path))
        {
            yield return DoctorFinding.Failed(Check, path + " is a file, not a directory", "remove it or point Agent:DataDirectory elsewhere");
            yield break;
        }

        if (!Directory.Exists(path))
        {
            // Made and removed again: what edge run will do first, tried for real (permissions, a read-only mount).
            string? reason = null;
            var created = path;
            while (Path.GetDirectoryName(created) is { } parent && !Directory.Exists(parent))
            {
                created = parent;
            }

            try
            {
                Directory.CreateDirectory(path);
                Directory.Delete(created, recursive: true); // only the empty directories just made
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reason = e.Message;
            }

            yield return reason is null
                ? DoctorFinding.Warning(Check, path + " does not exist yet", "nothing to do: edge run creates it (mode 0700)")
                : DoctorFinding.Failed(Check, $"{path} does not exist and {user} cannot create it: {reason}",
                    $"create it for the agent's user: install -d -m 0700 -o {user} {path} (the service's StateDirectory= does this)");
            yield break;
        }

        var probe = Path.Combine(path, ".doctor-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        string? failure = null;
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
            {
                stream.WriteByte(1);
                stream.Flush(flushToDisk: true);
            }

            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
        }

        if (failure is not null)
        {
            yield return DoctorFinding.Failed(Check, $"{user} cannot write in {path}: {failure}",
                $"run edge doctor as the agent's user (sudo -u edge edge doctor), or chown -R {user} {path}");
            yield break;
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                         | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                yield return DoctorFinding.Warning(Check, $"{path} is mode {Octal(mode)}: other users can read the outbox and the credentials",
                    $"chmod 700 {path} (edge run also does at start)");
            }
        }

        long free = new DriveInfo(path).AvailableFreeSpace;
        if (free < MinimumFreeBytes)
        {
            yield return DoctorFinding.Failed(Check, $"{Size(free)} free on {path}'s file system", "free space: the outbox cannot keep readings");
        }
        else if (free < outboxMaxBytes)
        {
            yield return DoctorFinding.Warning(Check, $"{Size(free)} free, the outbox may grow to {Size(outboxMaxBytes)}",
                "free space, or lower Agent:Outbox:MaxBytes to what the disk holds");
        }
        else
        {
            yield return DoctorFinding.Ok(Check, $"{path} writable, private, {Size(free)} free");
        }
    }

    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
    };

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
