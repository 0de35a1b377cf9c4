using System.Diagnostics;

namespace Edge.Hardware.Tests.FirmwareBridge;

/// <summary>Finds firmware-bridge/ in the source tree and builds the virtual MCU (edge-vmcu) for the tests.</summary>
internal static class FirmwareBridgeFiles
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    public static string Root { get; } = FindRoot();

    public static string VectorsPath => Path.Combine(Root, "vectors", "frames.txt");

    public static string E2eScenarioPath => Path.Combine(Root, "scenarios", "e2e.scenario");

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

    /// <summary>
    /// Configures and builds edge-vmcu from the current sources into the test output folder (incremental, so cheap
    /// after the first time) and returns its path. A missing cmake or compiler fails the test: it never skips.
    /// </summary>
    public static async Task<string> BuildVirtualMcuAsync(CancellationToken cancellationToken)
    {
        string buildDir = Path.Combine(AppContext.BaseDirectory, "firmware-bridge-host");
        string exe = Path.Combine(buildDir, "edge-vmcu");
        await BuildLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Path.Combine(buildDir, "CMakeCache.txt")))
            {
                await RunAsync("cmake", ["-S", Root, "-B", buildDir, "-DCMAKE_BUILD_TYPE=Debug"], cancellationToken);
            }

            await RunAsync("cmake", ["--build", buildDir, "--target", "edge-vmcu"], cancellationToken);
            Assert.IsTrue(File.Exists(exe), $"cmake did not produce {exe}");
            return exe;
        }
        finally
        {
            BuildLock.Release();
        }
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.AreEqual(0, process.ExitCode, $"{file} {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
    }
}
