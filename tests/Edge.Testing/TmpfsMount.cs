using System.Diagnostics;

namespace Edge.Testing;

/// <summary>
/// A small tmpfs mounted on a fresh folder: a real full disk for the tests (ENOSPC from the kernel, not a fake).
/// Needs root, as CI and these machines have. Unmounted (lazily, so an open handle cannot block it) on dispose.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Where <see cref="Fill"/> puts its filler.</summary>
    public string FillerFile => System.IO.Path.Combine(Path, "filler");

    public static TmpfsMount Create(int kilobytes)
    {
        var path = Directory.CreateTempSubdirectory("edge-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755", "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Writes a filler file until the file system is full (the kernel says ENOSPC).</summary>
    public void Fill()
    {
        using var filler = new FileStream(FillerFile, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0); // unbuffered: ENOSPC surfaces here, not in Dispose
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // full
        }

        try
        {
            // Also the last partial block.
            while (true)
            {
                filler.Write(block, 0, 1);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // full to the byte
        }
    }

    /// <summary>Frees the space <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(FillerFile);

    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // best effort: a leftover mount point in /tmp
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start");
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(10_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed (exit {(process.HasExited ? process.ExitCode : -1)}): {error}");
        }
    }
}
