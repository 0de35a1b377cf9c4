using System.Collections.Concurrent;
using System.Diagnostics;

namespace Edge.Testing.FirmwareBridge;

/// <summary>
/// The C firmware core as a virtual MCU (<c>edge-vmcu</c>, built from <c>firmware-bridge/</c> by cmake) on one end of a
/// real serial pty pair made by <c>socat</c>; the host opens <see cref="HostPort"/>. Both processes are ours and are
/// ended by their own handles on dispose. A missing cmake, compiler or socat fails the test: it never skips.
/// </summary>
public sealed class VirtualMcu : IAsyncDisposable
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    private readonly string _directory;
    private readonly Process _socat;
    private readonly ConcurrentQueue<string> _log;
    private Process? _mcu;

    private VirtualMcu(string directory, Process socat, Process mcu, ConcurrentQueue<string> log, string hostPort)
    {
        _directory = directory;
        _socat = socat;
        _mcu = mcu;
        _log = log;
        HostPort = hostPort;
    }

    /// <summary>The <c>firmware-bridge/</c> folder of the source tree.</summary>
    public static string FirmwareRoot { get; } = FindRoot();

    /// <summary>A scenario file of <c>firmware-bridge/scenarios</c>, by name (<c>demo</c>, <c>e2e</c>).</summary>
    public static string Scenario(string name) => Path.Combine(FirmwareRoot, "scenarios", name + ".scenario");

    /// <summary>The serial port the host side opens (a symlink to the pty).</summary>
    public string HostPort { get; }

    /// <summary>What the virtual MCU wrote on standard error (with <c>verbose</c>, every frame), to print when a test fails.</summary>
    public IEnumerable<string> Log => _log;

    /// <summary>
    /// Builds <c>edge-vmcu</c> from the current sources into the test output folder (incremental, so cheap after the
    /// first time) and returns its path.
    /// </summary>
    public static async Task<string> BuildAsync(CancellationToken cancellationToken)
    {
        string buildDir = Path.Combine(AppContext.BaseDirectory, "firmware-bridge-host");
        string exe = Path.Combine(buildDir, "edge-vmcu");
        await BuildLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One build at a time across processes too: CI runs the integration tests against each server side by side
            // from the same output folder, and two cmake builds into one directory race (ranlib on a half-written archive).
            await using var crossProcess = await LockFileAsync(buildDir + ".lock", cancellationToken).ConfigureAwait(false);
            if (!File.Exists(Path.Combine(buildDir, "CMakeCache.txt")))
            {
                await RunToEndAsync("cmake", ["-S", FirmwareRoot, "-B", buildDir, "-DCMAKE_BUILD_TYPE=Debug"], cancellationToken).ConfigureAwait(false);
            }

            await RunToEndAsync("cmake", ["--build", buildDir, "--target", "edge-vmcu"], cancellationToken).ConfigureAwait(false);
            return File.Exists(exe) ? exe : throw new InvalidOperationException($"cmake did not produce {exe}");
        }
        finally
        {
            BuildLock.Release();
        }
    }

    /// <summary>An exclusive lock on <paramref name="path"/> (on Linux FileShare.None takes a flock), waited for.</summary>
    private static async Task<FileStream> LockFileAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false); // the other process is building
            }
        }
    }

    /// <summary>
    /// Builds the virtual MCU, makes a pty pair (<c>…/mcu</c> and <paramref name="hostName"/> in a new temp folder),
    /// starts the MCU on its end with <paramref name="scenarioPath"/> and returns once it says it is ready.
    /// </summary>
    public static async Task<VirtualMcu> StartAsync(string scenarioPath, CancellationToken cancellationToken, bool verbose = false,
        string hostName = "host")
    {
        string exe = await BuildAsync(cancellationToken).ConfigureAwait(false);
        string directory = Directory.CreateTempSubdirectory("edge-vmcu-").FullName;
        string mcuEnd = Path.Combine(directory, "mcu");
        string hostEnd = Path.Combine(directory, hostName);
        Process socat = ChildProcess.Start("socat", ["-d", "-d", $"pty,raw,echo=0,link={mcuEnd}", $"pty,raw,echo=0,link={hostEnd}"], null);
        Process? mcu = null;
        var log = new ConcurrentQueue<string>();
        try
        {
            await ChildProcess.WaitUntilAsync(() => File.Exists(mcuEnd) && File.Exists(hostEnd), "socat's pty links", TimeSpan.FromSeconds(15),
                cancellationToken).ConfigureAwait(false);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            string[] args = verbose ? ["-v", "-s", scenarioPath, mcuEnd] : ["-s", scenarioPath, mcuEnd];
            mcu = ChildProcess.Start(exe, args, line =>
            {
                log.Enqueue(line);
                if (line.Contains("ready on", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            });
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            return new VirtualMcu(directory, socat, mcu, log, hostEnd);
        }
        catch
        {
            ChildProcess.Stop(mcu);
            ChildProcess.Stop(socat);
            mcu?.Dispose();
            socat.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Kills the MCU process (the board dies) and leaves the pty pair open, so the host sees silence.</summary>
    public void KillMcu()
    {
        ChildProcess.Stop(_mcu);
        _mcu?.Dispose();
        _mcu = null;
    }

    public ValueTask DisposeAsync()
    {
        KillMcu();
        ChildProcess.Stop(_socat);
        _socat.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pty link still held by a closing handle: the temp folder is cleaned up by the OS later.
        }

        return ValueTask.CompletedTask;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "firmware-bridge");
            if (File.Exists(Path.Combine(candidate, "CMakeLists.txt")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"firmware-bridge/ not found above {AppContext.BaseDirectory}.");
    }

    private static async Task RunToEndAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed:\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }
    }
}
