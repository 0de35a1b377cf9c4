using System.Globalization;

namespace Edge.Agent.Status;

/// <summary>
/// The process's peak resident set (VmHWM) and thread count (Threads) from /proc/self/status (Linux); 0 where there is
/// no such file.
/// </summary>
internal static class ProcessMemory
{
    public static (long PeakResidentBytes, int Threads) Read()
    {
        long peak = 0;
        int threads = 0;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                // "VmHWM:     12345 kB", "Threads:\t12"
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
                {
                    peak = kb * 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(8).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
                {
                    threads = count;
                    break; // Threads comes after VmHWM
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return (peak, threads);
    }
}
