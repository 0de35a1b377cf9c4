using System.Globalization;
using Edge.Agent.Outbox;
using Edge.Xmpp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// The agent as a systemd <c>Type=notify</c> service (see <c>src/Edge.Agent/Packaging/edge.service</c>):
/// <list type="bullet">
/// <item><c>READY=1</c> after the first login, or after <see cref="ReadyTimeout"/> when the server cannot be reached
/// (the agent samples and buffers then: it is running, and systemd must not hold up the boot for the network);</item>
/// <item><c>WATCHDOG=1</c> every half <c>WatchdogSec</c>, but only while the agent is healthy: no background service
/// failed, and the sampler, the publisher and the demand-response engine still run (a stopped one, or a thread pool
/// too starved to run this loop, lets systemd restart the agent);</item>
/// <item><c>STATUS=</c> one line: connection, outbox depth, what is wrong; <c>STOPPING=1</c> when it stops.</item>
/// </list>
/// Without <c>NOTIFY_SOCKET</c> it does nothing. (Tests pass the notifier and the watchdog interval instead of the
/// environment.) <paramref name="services"/> gives the host's services once they all
/// exist (resolving them while this one is built would build this one again).
/// </summary>
public sealed class SystemdService(XmppClient client, DurableOutbox outbox, Func<IEnumerable<IHostedService>> services,
    TimeProvider time, ILogger<SystemdService> logger, SystemdNotifier? notifier = null, TimeSpan? watchdogInterval = null)
    : BackgroundService
{
    /// <summary>READY=1 at the latest this long after start, logged in or not.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SystemdNotifier? sd = notifier ?? SystemdNotifier.FromEnvironment();
        if (sd is null)
        {
            return;
        }

        try
        {
            var loggedIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnConnected(object? sender, XmppConnectedEventArgs e) => loggedIn.TrySetResult();
            client.Connected += OnConnected;
            if (client.State == XmppClientState.Connected)
            {
                loggedIn.TrySetResult();
            }

            try
            {
                await loggedIn.Task.WaitAsync(ReadyTimeout, time, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // ready without the server: sampling into the outbox, connecting with backoff
            }
            finally
            {
                client.Connected -= OnConnected;
            }

            _ = sd.Notify("READY=1\nSTATUS=" + Status(out _));
            Log.SystemdReady(logger, client.State.ToString());

            TimeSpan? watchdog = notifier is null ? SystemdNotifier.WatchdogInterval() : watchdogInterval;
            TimeSpan period = watchdog is { } w ? w / 2 : StatusInterval;
            using var timer = new PeriodicTimer(period < StatusInterval ? period : StatusInterval, time);
            bool wasHealthy = true;
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                string status = Status(out string? problem);
                bool healthy = problem is null;
                _ = sd.Notify(healthy && watchdog is not null ? "WATCHDOG=1\nSTATUS=" + status : "STATUS=" + status);
                if (healthy != wasHealthy)
                {
                    wasHealthy = healthy;
                    Log.SystemdHealth(logger, healthy, problem ?? "healthy");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            _ = sd.Notify("STOPPING=1");
            if (notifier is null)
            {
                sd.Dispose();
            }
        }
    }

    /// <summary>The status line; <paramref name="problem"/> names what makes the agent unhealthy (null when healthy).</summary>
    private string Status(out string? problem)
    {
        problem = ServiceHealth.FindProblem(services(), this);
        string state = client.State == XmppClientState.Connected ? "connected" : client.State.ToString().ToLowerInvariant();
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{state}; outbox {outbox.Count} waiting{(outbox.Degraded ? " (disk refusing writes)" : string.Empty)}");
        return problem is null ? text : text + "; " + problem;
    }
}
