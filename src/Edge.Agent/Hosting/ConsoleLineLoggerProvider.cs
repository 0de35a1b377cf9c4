using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// The agent's console log: one line per message on standard output, in the form .NET's simple console formatter
/// writes with <c>SingleLine</c> (what the agent used before, so journald, the tests and the benchmarks read the same
/// lines): <c>{timestamp}{level}: {category}[{event id}] {message} {exception}</c>, line breaks inside the message or
/// the exception replaced by spaces, the level as <c>trce</c>, <c>dbug</c>, <c>info</c>, <c>warn</c>, <c>fail</c>,
/// <c>crit</c> (coloured only on a terminal). Scopes are not written. Levels are filtered by the logger factory
/// (<c>Logging:LogLevel</c>, and <c>Logging:Console:LogLevel</c> by this provider's alias).
/// <para>
/// Our own instead of Microsoft.Extensions.Logging.Console (issue 12: 0.07 MB of the NativeAOT binary for three
/// formatters, their options bound from configuration, and a queue thread): a line is written by the thread that
/// logs it, under a lock, with one write to the console (so lines never interleave). Should standard output block
/// (a stalled pipe), the logging thread waits for it, as the framework's logger did once its queue was full.
/// </para>
/// </summary>
[ProviderAlias("Console")]
public sealed class ConsoleLineLoggerProvider : ILoggerProvider
{
    private readonly string? _timestampFormat;
    private readonly TextWriter _output;
    private readonly bool _colors;
    private readonly Lock _lock = new();

    /// <param name="timestampFormat">A .NET date format for the local time each line starts with (e.g. <c>"HH:mm:ss "</c>); null: none.</param>
    /// <param name="output">Where the lines go; null: standard output, coloured when it is a terminal.</param>
    public ConsoleLineLoggerProvider(string? timestampFormat, TextWriter? output = null)
    {
        _timestampFormat = timestampFormat;
        _output = output ?? Console.Out;
        _colors = output is null && !Console.IsOutputRedirected;
    }

    /// <summary>The .NET date format each line starts with (local time); null: none.</summary>
    public string? TimestampFormat => _timestampFormat;

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>The line for one message, as the simple console formatter writes it with <c>SingleLine</c> (no colours).</summary>
    internal static void Format(StringBuilder line, string? timestampFormat, DateTimeOffset now, LogLevel level, string category,
        EventId eventId, string message, Exception? exception, bool colors = false)
    {
        if (timestampFormat is not null)
        {
            line.Append(now.ToString(timestampFormat, CultureInfo.InvariantCulture));
        }

        var (name, color) = level switch
        {
            LogLevel.Trace => ("trce", "\x1B[37m\x1B[40m"),
            LogLevel.Debug => ("dbug", "\x1B[37m\x1B[40m"),
            LogLevel.Information => ("info", "\x1B[32m\x1B[40m"),
            LogLevel.Warning => ("warn", "\x1B[1m\x1B[33m\x1B[40m"),
            LogLevel.Error => ("fail", "\x1B[30m\x1B[41m"),
            _ => ("crit", "\x1B[1m\x1B[37m\x1B[41m"),
        };
        if (colors)
        {
            line.Append(color).Append(name).Append("\x1B[39m\x1B[22m\x1B[49m");
        }
        else
        {
            line.Append(name);
        }

        line.Append(": ").Append(category).Append('[').Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append(']');
        AppendOnOneLine(line, message);
        if (exception is not null)
        {
            AppendOnOneLine(line, exception.ToString());
        }

        line.Append(Environment.NewLine);
    }

    private static void AppendOnOneLine(StringBuilder line, string text)
    {
        if (text.Length > 0)
        {
            line.Append(' ').Append(text.Replace(Environment.NewLine, " ", StringComparison.Ordinal));
        }
    }

    private void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = new StringBuilder(128 + message.Length);
        Format(line, _timestampFormat, DateTimeOffset.Now, level, category, eventId, message, exception, _colors);
        lock (_lock)
        {
            _output.Write(line.ToString());
        }
    }

    private sealed class Logger(ConsoleLineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            provider.Write(logLevel, category, eventId, formatter(state, exception) ?? string.Empty, exception);
        }
    }
}
