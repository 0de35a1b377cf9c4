using System.Diagnostics;

namespace Edge.Integration.Tests.Status;

/// <summary>
/// Debian's <c>chromium</c> (installed by .ci/lib.sh), started headless by the test for one page: its DOM after load
/// (<c>--dump-dom</c>) or a screenshot (<c>--screenshot</c>). Each run has a profile folder of its own; as root it
/// needs <c>--no-sandbox</c>. Killed (the whole process tree) if it takes longer than a minute.
/// </summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>The arguments every run starts with: headless, as root, its own profile folder, nothing fetched but the page.</summary>
    public static string[] CommonArguments(string profile) =>
        ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", $"--user-data-dir={profile}"];

    public static async Task<string> DumpDomAsync(Uri page, CancellationToken cancellationToken) =>
        await RunAsync(page, ["--dump-dom"], cancellationToken);

    public static async Task<byte[]> ScreenshotAsync(Uri page, int width, int height, CancellationToken cancellationToken)
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edge-it-shot-" + Guid.NewGuid().ToString("N")[..8] + ".png");
        try
        {
            await RunAsync(page, [$"--screenshot={file}", $"--window-size={width},{height}"], cancellationToken);
            return await File.ReadAllBytesAsync(file, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(Uri page, string[] what, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("edge-it-chromium-").FullName;
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[.. CommonArguments(profile), .. what, page.ToString()])
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within a minute: " + await errors);
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await errors}");
            }

            return await output;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
