using Edge.Agent.DemandResponse;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Microsoft.Extensions.Hosting;

namespace Edge.Agent.Hosting;

/// <summary>Whether the agent's background services still run: what systemd's watchdog and <c>/healthz</c> both decide on.</summary>
public static class ServiceHealth
{
    /// <summary>
    /// The first service (other than <paramref name="self"/>) that failed, or that stopped while it should run as long
    /// as the agent (sampler, publisher, demand response); null when none. Others end at once when they have nothing to
    /// do (no program node, no managed loads).
    /// </summary>
    public static string? FindProblem(IEnumerable<IHostedService> services, object? self)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (IHostedService service in services)
        {
            if (!ReferenceEquals(service, self) && service is BackgroundService { ExecuteTask: { IsCompleted: true } task }
                && (task.IsFaulted || service is SamplerService or PublisherService or DemandResponseService))
            {
                return $"{service.GetType().Name} {(task.IsFaulted ? "failed" : "stopped")}";
            }
        }

        return null;
    }
}
