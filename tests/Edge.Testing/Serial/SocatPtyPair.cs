using System.Diagnostics;
using Edge.Testing.FirmwareBridge;

namespace Edge.Testing.Serial;

/// <summary>
/// A real serial line for tests: <c>socat</c> joining two ptys, linked as <see cref="PathA"/> and <see cref="PathB"/>
/// in a temp folder. <see cref="Hangup"/> kills socat (both ends hang up, as an unplugged USB adapter does);
/// <see cref="Restart"/> makes the pair anew on the same links. Only its own socat is ever stopped, by its handle.
/// A missing socat fails the test: it never skips.
/// </summary>
public sealed class SocatPtyPair : IDisposable
{
    private Process? _socat;

    public SocatPtyPair()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"edge-pty-{Guid.NewGuid():N}");
        _ = Directory.CreateDirectory(Folder);
        PathA = Path.Combine(Folder, "A");
        PathB = Path.Combine(Folder, "B");
        Restart();
    }

    public string Folder { get; }

    /// <summary>The end the code under test opens.</summary>
    public string PathA { get; }

    /// <summary>The peer's end.</summary>
    public string PathB { get; }

    /// <summary>The pty device <see cref="PathA"/> links to (<c>/dev/pts/N</c>).</summary>
    public string DeviceA => new FileInfo(PathA).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? PathA;

    /// <summary>Kills socat: both ptys hang up and their links go.</summary>
    public void Hangup()
    {
        ChildProcess.Stop(_socat);
        _socat?.Dispose();
        _socat = null;

        // Killed, socat cannot remove its links: they would dangle (and a new socat could not make them).
        File.Delete(PathA);
        File.Delete(PathB);
    }

    /// <summary>Starts socat (again) and waits for both links.</summary>
    public void Restart()
    {
        Hangup();
        var errors = new List<string>();
        _socat = ChildProcess.Start("socat", ["-d", "-d", $"pty,raw,echo=0,link={PathA}", $"pty,raw,echo=0,link={PathB}"],
            line => { lock (errors) { errors.Add(line); } });
        var watch = Stopwatch.StartNew();
        while (!(File.Exists(PathA) && File.Exists(PathB)))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10) || _socat.HasExited)
            {
                lock (errors)
                {
                    throw new InvalidOperationException($"socat did not create the pty pair: {string.Join(" | ", errors)}");
                }
            }

            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        Hangup();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
