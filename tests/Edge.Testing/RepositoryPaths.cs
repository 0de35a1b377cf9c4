namespace Edge.Testing;

/// <summary>Where the repository is, for tests that read its files (hardware profiles, scripts, schemas).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Edge.sln not found above the test binaries (" + AppContext.BaseDirectory + ").");
    });

    /// <summary>The folder that holds <c>Edge.sln</c>, found upwards from the test binaries.</summary>
    public static string Root => RootPath.Value;
}
