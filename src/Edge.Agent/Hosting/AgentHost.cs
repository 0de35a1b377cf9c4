using Edge.Agent.DemandResponse;
using Edge.Agent.Iot;
using Edge.Agent.Outbox;
using Edge.Agent.Provisioning;
using Edge.Agent.Publishing;
using Edge.Agent.Sampling;
using Edge.Agent.Status;
using Edge.Hardware.Profiles;
using Edge.Iot;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Hosting;

/// <summary>
/// The composition root: configuration (appsettings.json beside the executable, then an optional <c>--config</c>
/// file, then environment variables such as <c>Xmpp__Password</c>, then <c>--set Key=Value</c>), validation,
/// and the services: XMPP connection (with first boot when no password is configured), sampler → durable outbox →
/// publisher.
/// </summary>
public static class AgentHost
{
    /// <summary>Loads and validates configuration; returns the errors (each naming its key) instead of a host when invalid.</summary>
    public static ServiceHost? Build(string? configFile, IReadOnlyDictionary<string, string?> overrides, out IReadOnlyList<string> errors)
        => Build(AppContext.BaseDirectory, configFile, overrides, out errors);

    /// <summary>
    /// As <see cref="Build(string?, IReadOnlyDictionary{string, string?}, out IReadOnlyList{string})"/>, with
    /// appsettings.json read from <paramref name="contentRoot"/>. A configuration file that does not load is an error
    /// naming it (and, for bad JSON, the line and position); every value that does not convert is one naming its key.
    /// A valid configuration also makes the data directory private: created 0700 if missing, else chmodded to 0700.
    /// </summary>
    public static ServiceHost? Build(string contentRoot, string? configFile, IReadOnlyDictionary<string, string?> overrides,
        out IReadOnlyList<string> errors)
    {
        var settings = AgentSettings.Load(contentRoot, configFile, overrides);
        var list = new List<string>(settings.Errors);
        var builder = settings.Builder;
        var xmpp = settings.Xmpp;
        var agent = settings.Agent;
        var profile = settings.Profile;
        var noPassword = settings.NoPassword;

        // Seconds by default; Logging:Console:FormatterOptions:TimestampFormat (e.g. "HH:mm:ss.ffffff ") when set, as the
        // fleet benchmark sets it to time sheds from the agents' own logs.
        string timestamps = builder.Configuration["Logging:Console:FormatterOptions:TimestampFormat"] is { Length: > 0 } format
            ? format : "HH:mm:ss ";
        builder.Logging.AddProvider(new ConsoleLineLoggerProvider(timestamps));

        if (list.Count == 0)
        {
            var fullPath = Path.GetFullPath(agent.DataDirectory);
            if (!PrivateFiles.TryPrepareDirectory(fullPath, out var reason))
            {
                list.Add($"Agent:DataDirectory '{agent.DataDirectory}' ({fullPath}) cannot be made a private directory: {reason}");
            }
        }

        // First boot, step 1 (local only, before anything goes on the wire): the stored credentials, or new ones
        // written durably as pending. The connection service registers the account (FirstBoot.CompleteAsync).
        FirstBoot? firstBoot = null;
        if (list.Count == 0 && noPassword)
        {
            firstBoot = FirstBoot.Prepare(Path.GetFullPath(agent.DataDirectory), xmpp.Jid, list);
            if (firstBoot is not null)
            {
                xmpp.Password = firstBoot.Credentials.Password;
            }
        }

        errors = list;
        if (list.Count > 0 || profile is null)
        {
            return null;
        }

        var dataDirectory = Path.GetFullPath(agent.DataDirectory);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Options.Create(agent));
        builder.Services.AddSingleton(sp =>
        {
            var client = new XmppClient(xmpp, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>());
            if (xmpp.Exi.Mode != XmppExiMode.Off)
            {
                // XEP-0322 §2.2.6 across restarts: the next start's first setup is the quick one.
                client.KeepExiQuickSetupIn(Path.Combine(dataDirectory, "exi-quick-setup.xml"));
            }

            return client;
        });
        builder.Services.AddSingleton(sp => new PubSubClient(sp.GetRequiredService<XmppClient>()));
        builder.Services.AddSingleton(sp => new DurableOutbox(Path.Combine(dataDirectory, "outbox"), agent.Outbox,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Agent.Outbox")));
        builder.Services.AddSingleton(sp => HardwareFactory.Create(profile, new HardwareFactoryOptions
        {
            TimeProvider = sp.GetRequiredService<TimeProvider>(),
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            DataDirectory = Path.Combine(dataDirectory, "hardware"),
        }));
        builder.Services.AddSingleton(sp => new SensorReader(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new ReadingHistory(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new DeviceSettings(dataDirectory, agent.SampleInterval,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Agent.Settings")));
        builder.Services.AddSingleton(sp => new DemandResponseEngine(ManagedLoad.From(sp.GetRequiredService<HardwareSet>()),
            sp.GetRequiredService<DeviceSettings>(), agent.DemandResponse, Path.Combine(dataDirectory, "demand-response.json"),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Agent.DemandResponse")));
        builder.Services.AddSingleton(sp => new AgentThingProvider(sp.GetRequiredService<HardwareSet>(),
            sp.GetRequiredService<DeviceSettings>(), sp.GetRequiredService<SensorReader>(),
            sp.GetRequiredService<ReadingHistory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Agent.Control"), agent.ReadoutMaxAge,
            sp.GetRequiredService<DemandResponseEngine>()));
        builder.Services.AddSingleton<IThingProvider>(sp => sp.GetRequiredService<AgentThingProvider>());
        builder.Services.AddSingleton<IAccessPolicy>(sp => agent.Provisioning.Enabled
            ? new Provisioning.Delegation.DelegatedAccessPolicy(sp.GetRequiredService<XmppClient>(), agent.Access, agent.Provisioning,
                dataDirectory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Agent.Provisioning"))
            : new ConfiguredAccessPolicy(agent.Access, sp.GetRequiredService<XmppClient>().Jid));
        builder.Services.AddHostedService<IotService>(); // before the connection service: handlers exist before login
        if (firstBoot is not null)
        {
            builder.Services.AddSingleton(firstBoot);
        }

        builder.Services.AddHostedService<XmppConnectionService>();
        builder.Services.AddSingleton<SamplerService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SamplerService>());
        builder.Services.AddSingleton(sp => new DemandResponseService(sp.GetRequiredService<DemandResponseEngine>(),
            sp.GetRequiredService<DeviceSettings>(), sp.GetRequiredService<HardwareSet>(), sp.GetRequiredService<SensorReader>(),
            agent.DemandResponse, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DemandResponseService>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemandResponseService>());
        builder.Services.AddSingleton(sp => new DemandResponseStatusReporter(sp.GetRequiredService<DemandResponseEngine>(),
            sp.GetRequiredService<DurableOutbox>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DemandResponseStatusReporter>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemandResponseStatusReporter>());
        builder.Services.AddSingleton(sp => new DemandResponseProgramService(sp.GetRequiredService<XmppClient>(),
            sp.GetRequiredService<PubSubClient>(), sp.GetRequiredService<DemandResponseEngine>(),
            sp.GetRequiredService<DemandResponseService>(), sp.GetRequiredService<DemandResponseStatusReporter>(),
            agent.DemandResponse, agent.PubSub, sp.GetRequiredService<ILogger<DemandResponseProgramService>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemandResponseProgramService>());
        builder.Services.AddHostedService(sp => new SystemdService(sp.GetRequiredService<XmppClient>(),
            sp.GetRequiredService<DurableOutbox>(), () => sp.GetServices<IHostedService>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SystemdService>>()));
        if (agent.Provisioning.Enabled)
        {
            // After the connection service: the registration goes out once the session is up.
            builder.Services.AddSingleton(sp => new ThingRegistration(sp.GetRequiredService<XmppClient>(), agent.Provisioning,
                agent.Provisioning.BuildTags(profile.Name), dataDirectory, Console.Out, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ThingRegistration>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ThingRegistration>());
        }

        builder.Services.AddSingleton<PublisherService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PublisherService>());
        builder.Services.AddStatusPage(agent, dataDirectory); // Agent:Http: the local status page, /metrics, /healthz
        return builder.Build();
    }
}
