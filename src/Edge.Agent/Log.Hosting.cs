using Microsoft.Extensions.Logging;

namespace Edge.Agent;

/// <summary>The agent's own host (<c>Hosting/ServiceHost.cs</c>, event ids 2450-2499).</summary>
internal static partial class Log
{
    [LoggerMessage(2450, LogLevel.Error, "{Service} failed; the agent stops")]
    public static partial void BackgroundServiceFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(2451, LogLevel.Error, "{Service} failed to stop")]
    public static partial void HostedServiceStopFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(2452, LogLevel.Information, "Starting {Version}")]
    public static partial void AgentStarting(ILogger logger, string version);
}
