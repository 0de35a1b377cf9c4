using System.Globalization;

namespace Edge.Benchmarks.Replay;

/// <summary>What Linux's <c>/proc</c> says about another process: its CPU time (user + system, all threads) and peak RSS.</summary>
internal static class ProcStat
{
    /// <summary>Clock ticks per second of <c>/proc/PID/stat</c> (USER_HZ): 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>utime + stime of <paramref name="pid"/>, or null when it is gone.</summary>
    public static TimeSpan? Cpu(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // Fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>VmHWM (peak resident set) of <paramref name="pid"/> in MiB, or null when it is gone.</summary>
    public static double? PeakRssMiB(int pid) => StatusMiB(pid, "VmHWM:");

    /// <summary>VmRSS (resident set now) of <paramref name="pid"/> in MiB, or null when it is gone.</summary>
    public static double? RssMiB(int pid) => StatusMiB(pid, "VmRSS:");

    private static double? StatusMiB(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    /// <summary>
    /// The child of <paramref name="pid"/> running <paramref name="executable"/> (how the agent is found under perf or strace,
    /// which forks short-lived helpers of its own first), or null.
    /// </summary>
    public static int? ChildRunning(int pid, string executable)
    {
        try
        {
            var p = pid.ToString(CultureInfo.InvariantCulture);
            foreach (var child in File.ReadAllText($"/proc/{p}/task/{p}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var argv0 = File.ReadAllText($"/proc/{child}/cmdline").Split('\0')[0];
                if (argv0 == executable)
                {
                    return int.Parse(child, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
