namespace Edge.Testing.Servers.Internal;

/// <summary>The last lines of a log file, for error messages.</summary>
internal static class LogTail
{
    public static string Read(string path, int lines = 40)
    {
        try
        {
            var all = File.ReadAllLines(path);
            return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException e)
        {
            return $"(could not read {path}: {e.Message})";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"(could not read {path}: {e.Message})";
        }
    }
}
