using Edge.Iot.Discovery.Registry;
using Edge.Iot.Provisioning.Service;
using Edge.Xmpp;
using Edge.Xmpp.AdHoc;
using Edge.Xmpp.Component;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Registry;

/// <summary>
/// The thing registry, composed: the SQLite store, the registry's rules, its XEP-0347 handlers, all on one XEP-0114
/// component. <c>Program</c> runs one from configuration; tests run one in-process the same way.
/// </summary>
public sealed class RegistryHost : IAsyncDisposable
{
    private readonly RegistryOptions _options;
    private readonly ILogger _logger;
    private readonly SqliteThingStore _store;
    private int _disposed;

    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public RegistryHost(RegistryOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid registry options: " + string.Join(" ", errors), nameof(options));
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        _options = options;
        _logger = loggerFactory.CreateLogger("Edge.Registry");
        _store = SqliteThingStore.Open(options.DatabasePath);
        Registry = new ThingRegistry(_store, options.Things, timeProvider);
        Component = new XmppComponent(options.Component, loggerFactory, timeProvider);
        ThingRegistryServer.Register(Component, Registry, loggerFactory.CreateLogger("Edge.Iot.Discovery"));
        Provisioning = ProvisioningServer.Register(Component, _store, loggerFactory.CreateLogger("Edge.Iot.Provisioning"));
        AdHocServer.Register(Component, RuleCommands.Create(Provisioning, loggerFactory.CreateLogger("Edge.Iot.Provisioning")), timeProvider);
        Component.Connected += (_, _) => _ = Provisioning.RetryPendingAsync(CancellationToken.None);
    }

    public XmppComponent Component { get; }

    public ThingRegistry Registry { get; }

    /// <summary>The XEP-0324 provisioning service on the same component (rules in the same database).</summary>
    public ProvisioningServer Provisioning { get; }

    /// <summary>
    /// Attaches to the server, retrying while it is unreachable. Throws <see cref="XmppConnectionException"/> when
    /// the server refuses the component (secret, name): retrying cannot help.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var component = _options.Component;
        Log.Starting(_logger, component.Domain, Path.GetFullPath(_options.DatabasePath), await _store.CountAsync(cancellationToken),
            component.Host, component.Port);
        await Component.StartAsync(cancellationToken);
        Log.Serving(_logger, component.Domain);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Component.DisposeAsync();
        Registry.Dispose();
        _store.Dispose();
        Log.Stopped(_logger, _options.Component.Domain);
    }
}
