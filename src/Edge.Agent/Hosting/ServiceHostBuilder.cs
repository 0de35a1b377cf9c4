using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Hosting;

/// <summary>
/// Builds a <see cref="ServiceHost"/>: the configuration (filled by <see cref="AgentConfiguration.CreateBuilder"/>),
/// the services, and logging (<see cref="ILoggingBuilder"/>, the levels of the <c>Logging</c> section and the
/// providers added to it). <see cref="Build"/> adds the host itself as <see cref="IHostApplicationLifetime"/> and
/// <see cref="IHost"/>, so a service can stop the agent.
/// </summary>
public sealed class ServiceHostBuilder
{
    /// <summary>A builder with empty configuration and logging registered (no providers yet).</summary>
    public ServiceHostBuilder()
        : this(new ConfigurationManager())
    {
    }

    internal ServiceHostBuilder(ConfigurationManager configuration)
    {
        Configuration = configuration;
        Services.AddLogging();
        Logging = new LoggingBuilder(Services);
    }

    /// <summary>The settings, in the order their sources were added (later sources win).</summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>The services the host's provider is built from.</summary>
    public IServiceCollection Services { get; } = new ServiceCollection();

    /// <summary>Adds logging providers and filters.</summary>
    public ILoggingBuilder Logging { get; }

    /// <summary>Builds the service provider and the host that owns it (call once).</summary>
    public ServiceHost Build()
    {
        var host = new ServiceHost();
        Services.AddSingleton<IHostApplicationLifetime>(host);
        Services.AddSingleton<IHost>(host);
        Services.AddSingleton<IConfiguration>(Configuration);
        host.Attach(Services.BuildServiceProvider());
        return host;
    }

    private sealed class LoggingBuilder(IServiceCollection services) : ILoggingBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
