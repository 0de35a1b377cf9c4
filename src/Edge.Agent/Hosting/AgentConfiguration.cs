using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// Loads the agent's configuration so that every fault in it becomes a message for the operator instead of an
/// exception: a JSON file that does not parse (named with its line and position), a <c>--config</c> file that is not
/// there, and every value that does not convert to its option's type (each key named, none hidden by another).
/// </summary>
internal static class AgentConfiguration
{
    /// <summary>
    /// Creates the host builder with appsettings.json from <paramref name="contentRoot"/>, then
    /// <paramref name="configFile"/>, then environment variables, then <paramref name="overrides"/>. A file that
    /// cannot be loaded adds an error naming it; the builder is still returned (without that file's settings).
    /// <para>
    /// Our sources only: the agent's host is <see cref="ServiceHost"/>, not .NET's Generic Host, so there are no hidden
    /// defaults: no appsettings.{Environment}.json, user secrets, command-line configuration (<c>--set</c> is ours),
    /// DOTNET_-prefixed host settings, Debug/EventSource/EventLog loggers, and no watching of appsettings.json for
    /// changes: options are bound and validated once at start, so a reload only ever changed log levels, and it kept a
    /// file watcher (inotify and its thread) running for that. A changed setting takes effect at the next start
    /// (<c>systemctl restart edge</c>). Measured on the NativeAOT binary: README "Binary size and memory".
    /// </para>
    /// </summary>
    public static ServiceHostBuilder CreateBuilder(string contentRoot, string? configFile,
        IReadOnlyDictionary<string, string?> overrides, List<string> errors)
    {
        var builder = new ServiceHostBuilder(new ConfigurationManager());
        AddJsonFile(builder.Configuration, Path.Combine(Path.GetFullPath(contentRoot), "appsettings.json"), optional: true, errors);
        if (configFile is not null)
        {
            AddJsonFile(builder.Configuration, Path.GetFullPath(configFile), optional: false, errors);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        return builder;
    }

    /// <summary>
    /// Binds <paramref name="section"/> to <paramref name="target"/>. Each value is first converted on its own, so
    /// every bad one is reported by key and value and none hides another; the others are still bound, so a bad
    /// value does not make the validation that follows report its neighbours as missing. <paramref name="bind"/> is
    /// the caller's <c>(s, o) =&gt; s.Bind(o)</c>: written where the options type is concrete, the configuration
    /// binder's source generator turns it into reflection-free code (NativeAOT), which it cannot do inside this
    /// generic method.
    /// </summary>
    public static void Bind<T>(IConfiguration configuration, string section, T target, Action<IConfiguration, T> bind,
        List<string> errors)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(bind);
        var entries = configuration.GetSection(section).AsEnumerable().ToList();
        var bad = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in entries)
        {
            if (value is null)
            {
                continue;
            }

            try
            {
                bind(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build().GetSection(section), new T());
            }
            catch (InvalidOperationException e)
            {
                errors.Add(DescribeConversionError(key, value, e));
                bad.Add(key);
            }
        }

        var source = bad.Count == 0
            ? configuration
            : new ConfigurationBuilder().AddInMemoryCollection(entries.Where(e => !bad.Contains(e.Key))).Build();
        try
        {
            bind(source.GetSection(section), target);
        }
        catch (InvalidOperationException e)
        {
            errors.Add($"{section}: {e.Message}");
        }
    }

    /// <summary>
    /// The deadbands as written: the binder silently drops a dictionary entry whose value does not convert, so a
    /// mistyped deadband would otherwise leave its node reported at every sample with no word said.
    /// </summary>
    public static IEnumerable<string> CheckDeadbands(IConfigurationSection deadbands)
    {
        foreach (var entry in deadbands.GetChildren())
        {
            foreach (var setting in entry.GetChildren())
            {
                var key = $"Agent:Reporting:Deadbands:{entry.Key}:{setting.Key}";
                if (setting.Key is not ("Absolute" or "Relative"))
                {
                    yield return $"{key} is not a deadband setting (Absolute, Relative).";
                }
                else if (!double.TryParse(setting.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    yield return $"{key} '{setting.Value}' must be a number.";
                }
            }
        }
    }

    /// <summary>
    /// Reads a JSON settings file whole and adds it as a stream source (the configuration manager parses it at once),
    /// so that no file provider (a file watcher and its glob matching, 0.1 MB of the NativeAOT binary) is needed for
    /// files that are read once. A file that is missing (unless optional), unreadable or not JSON adds an error.
    /// </summary>
    private static void AddJsonFile(ConfigurationManager configuration, string path, bool optional, List<string> errors)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (!optional)
            {
                errors.Add($"{path}: no such file.");
            }

            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: {e.Message}");
            return;
        }

        try
        {
            configuration.AddJsonStream(new MemoryStream(bytes, writable: false));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            errors.Add(DescribeFileError(path, e));
        }
    }

    /// <summary>Names the file and, for JSON that does not parse, the line and position (1-based) of the fault.</summary>
    internal static string DescribeFileError(string path, Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{path}: not valid JSON at line {line + 1}, position {position + 1}: {WithoutPosition(json.Message)}");
            }
        }

        // Duplicate keys ...: the innermost message is the specific one.
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return $"{path}: {inner.Message}";
    }

    /// <summary>"Xmpp:Port 'abc' must be a whole number." — the value is never quoted for a password key.</summary>
    internal static string DescribeConversionError(string key, string value, InvalidOperationException exception)
    {
        var shown = key.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "(hidden)" : $"'{value}'";
        var name = BinderTargetType(exception.Message);
        if (name is null)
        {
            return $"{key} {shown} cannot be read: {(exception.InnerException ?? exception).Message}";
        }

        name = name[(name.LastIndexOfAny(['.', '+']) + 1)..];
        var expected = name switch
        {
            "Int32" or "Int64" or "Int16" or "UInt16" or "UInt32" or "UInt64" or "Byte" => "a whole number",
            "Double" or "Single" or "Decimal" => "a number",
            "Boolean" => "true or false",
            "TimeSpan" => "a duration such as 00:00:05 (hh:mm:ss)",
            "DateTimeOffset" or "DateTime" => "a date and time",
            _ => $"a valid {name}",
        };
        return $"{key} {shown} must be {expected}.";
    }

    // System.Text.Json appends its 0-based position to the message; the report gives the 1-based one instead.
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    // The binder's "Failed to convert configuration value '…' at '…' to type 'System.Int32'.": the type's name.
    private static string? BinderTargetType(string message)
    {
        const string Marker = "to type '";
        int start = message.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        int end = message.IndexOf('\'', start);
        return end > start ? message[start..end] : null;
    }
}
