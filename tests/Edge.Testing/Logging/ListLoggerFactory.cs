using Microsoft.Extensions.Logging;

namespace Edge.Testing.Logging;

/// <summary>Keeps every log entry of every logger, for asserting the lines the client writes.</summary>
public sealed class ListLoggerFactory : ILoggerFactory, ILogger
{
    private readonly List<(int EventId, LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <summary>Gets or sets the lowest level kept (Debug by default; Trace adds the raw XML lines).</summary>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Debug;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }

    public void Dispose()
    {
    }
}
