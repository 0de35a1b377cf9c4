namespace Edge.Testing;

/// <summary>
/// A directory of its own for one test, made under the system's temporary folder and removed with everything in it on
/// <see cref="Dispose"/>: <c>using var data = new TempDirectory("edge-gateway-");</c> instead of a try/finally per test.
/// Removal never throws, so a failing test reports its own failure, not the clean-up's.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Makes a new, empty directory whose name starts with <paramref name="prefix"/>.</summary>
    public TempDirectory(string prefix = "edge-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <inheritdoc/>
    public override string ToString() => Path;

    /// <summary>Removes the directory and everything in it; a directory already gone, or one that cannot be removed, is left.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // Clean-up is best effort: a process the test started may still hold a file for a moment.
        }
    }
}
