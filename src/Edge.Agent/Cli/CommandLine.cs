namespace Edge.Agent.Cli;

/// <summary>A small verb/option parser: <c>--name value</c>, <c>--flag</c>, repeated options, and positionals.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(flags);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            if (flags.Contains(name))
            {
                _flags.Add(name);
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new CommandLineException($"Option --{name} needs a value.");
            }

            if (!_options.TryGetValue(name, out var values))
            {
                _options[name] = values = [];
            }

            values.Add(args[++i]);
        }
    }

    public List<string> Positionals { get; } = [];

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _options.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> Values(string name) => _options.TryGetValue(name, out var v) ? v : [];

    public string Required(string name) => Value(name) ?? throw new CommandLineException($"Option --{name} is required.");

    /// <summary>The <c>--set Key=Value</c> settings (repeatable; the last of a key wins), as configuration overrides.</summary>
    public Dictionary<string, string?> Settings()
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in Values("set"))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CommandLineException($"--set '{pair}' must be Key=Value.");
            }

            overrides[pair[..eq]] = pair[(eq + 1)..];
        }

        return overrides;
    }

    public int? Int(string name, int min, int max)
    {
        var text = Value(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new CommandLineException($"Option --{name} '{text}' must be a whole number from {min} to {max}.");
    }

    /// <summary>Fails on options the verb does not know, so a typo is an error, not a silently ignored setting.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var name in _options.Keys.Concat(_flags))
        {
            if (!known.Contains(name))
            {
                throw new CommandLineException($"Unknown option --{name}.");
            }
        }
    }
}
