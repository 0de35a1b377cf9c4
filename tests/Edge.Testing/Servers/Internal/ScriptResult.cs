namespace Edge.Testing.Servers.Internal;

/// <summary>What one run of a server script (<c>.ci/prosody.sh</c>, <c>.ci/ejabberd.sh</c>) printed, and how it ended.</summary>
internal sealed record ScriptResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The <c>KEY=value</c> lines of standard output (the script prints nothing else there).</summary>
    public IReadOnlyDictionary<string, string> Values()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
        }

        return values;
    }
}
