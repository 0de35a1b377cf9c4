using Edge.Agent.DemandResponse;
using Edge.Agent.Iot;
using Edge.Agent.Outbox;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Edge.Hardware.Profiles;
using Edge.Xmpp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Status;

/// <summary>The one call that adds the status page, metrics and health to the host when <c>Agent:Http:Enabled</c>.</summary>
public static class StatusServices
{
    /// <summary>Registers <see cref="StatusSource"/> and <see cref="StatusHttpServer"/> (a hosted service) when <paramref name="agent"/> enables them.</summary>
    public static IServiceCollection AddStatusPage(this IServiceCollection services, AgentOptions agent, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!agent.Http.Enabled)
        {
            return services;
        }

        services.AddSingleton(sp => new StatusSource(sp.GetRequiredService<XmppClient>(), sp.GetRequiredService<DurableOutbox>(),
            sp.GetRequiredService<SamplerService>(), sp.GetRequiredService<PublisherService>(), sp.GetRequiredService<SensorReader>(),
            sp.GetRequiredService<HardwareSet>(), sp.GetRequiredService<DeviceSettings>(), sp.GetRequiredService<DemandResponseEngine>(),
            agent, dataDirectory, () => sp.GetServices<IHostedService>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new StatusHttpServer(sp.GetRequiredService<StatusSource>(), agent.Http,
            sp.GetRequiredService<ILogger<StatusHttpServer>>()));
        return services.AddHostedService(sp => sp.GetRequiredService<StatusHttpServer>());
    }
}
