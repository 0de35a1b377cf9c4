using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// Runs the agent's host to its end and turns how it ended into the exit code systemd sees. The host
/// (<see cref="ServiceHost"/>) stops when a background service throws, as if asked to stop, and the process would
/// exit 0: Restart=on-failure would leave the device offline.
/// </summary>
public static class AgentRun
{
    /// <summary>A service failed, or the host could not start.</summary>
    public const int FatalExitCode = 1;

    /// <summary>
    /// Starts <paramref name="host"/> and waits until it stops (<paramref name="stoppingToken"/>, SIGTERM, Ctrl-C,
    /// or a service stopping it). Returns 0 after a requested stop, the code a service set in
    /// <see cref="Environment.ExitCode"/> (3: credentials refused), else <see cref="FatalExitCode"/> — logged at
    /// Critical with its cause — when a service failed or the host could not start.
    /// </summary>
    public static async Task<int> RunAsync(IHost host, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Agent");
        List<BackgroundService> workers;
        try
        {
            // The version line names the build id that finds the symbols for the frames of any exception logged later.
            Log.AgentStarting(logger, Program.VersionLine);
            workers = [.. host.Services.GetServices<IHostedService>().OfType<BackgroundService>()];
            await host.StartAsync(stoppingToken);
            await host.WaitForShutdownAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return Environment.ExitCode;
        }
        catch (Exception e)
        {
            Log.AgentFailed(logger, e.GetType().Name + ": " + e.Message, e);
            return FatalExitCode;
        }

        if (Environment.ExitCode != 0)
        {
            return Environment.ExitCode; // a service chose the code and logged why (XmppConnectionService: 3)
        }

        var failed = false;
        foreach (var worker in workers)
        {
            if (worker.ExecuteTask is { IsFaulted: true } task)
            {
                var cause = task.Exception.InnerException ?? task.Exception;
                Log.ServiceFailed(logger, worker.GetType().Name, cause.GetType().Name + ": " + cause.Message, cause);
                failed = true;
            }
        }

        return failed ? FatalExitCode : 0;
    }
}
