using Edge.Agent.Iot;
using Edge.Iot;
using Edge.Iot.Provisioning;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.Disco;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Provisioning.Delegation;

/// <summary>
/// The access policy of a claimed device with a provisioning service (XEP-0324): the owner (from
/// <see cref="ProvisioningState.FileName"/>) is always allowed; anyone else is decided by the service — <c>canRead</c>
/// for readouts and browsing, <c>canControl</c> for control, with the request's nodes, field kinds, field or parameter
/// names and tokens — through the <see cref="DecisionCache"/>. Unclaimed, or with no provisioning service found, the
/// configured <c>Agent:Access</c> policy decides, unchanged. A service that does not answer means no (not cached).
/// The service is found as the XEP says (§Delegating trust, XEP-0347 §Finding the provisioning server):
/// <c>Agent:Provisioning:Service</c>, else the thing registry itself if it advertises <c>urn:xmpp:iot:provisioning</c>,
/// else a component of the account's domain that does. Split: <c>DelegatedAccessPolicy.Handlers.cs</c> (clearCache,
/// friend/unfriend, presence subscriptions).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "A singleton for the host's lifetime; its semaphore is only awaited, so it never allocates a wait handle.")]
public sealed partial class DelegatedAccessPolicy : IAccessPolicy
{
    /// <summary>How long "no provisioning service" is believed before looking again.</summary>
    private static readonly TimeSpan MissingRetry = TimeSpan.FromMinutes(1);

    private readonly XmppClient _client;
    private readonly IAccessPolicy _configured;
    private readonly ProvisioningOptions _options;
    private readonly string _statePath;
    private readonly DecisionCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _locating = new(1, 1);
    private ProvisioningClient? _service;
    private DateTimeOffset _missingUntil;
    // What provisioning.json said when last read: one immutable snapshot swapped whole, as the receive loop, the handlers'
    // tasks and DecideAsync read it from different threads.
    private ClaimSnapshot _claim = new(default, null, null);

    public DelegatedAccessPolicy(XmppClient client, AccessOptions access, ProvisioningOptions options, string dataDirectory,
        TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _configured = new ConfiguredAccessPolicy(access, client.Jid);
        _options = options;
        _statePath = Path.Combine(dataDirectory, ProvisioningState.FileName);
        _cache = new DecisionCache(dataDirectory, options.DecisionCacheSize, logger);
        _time = time;
        _logger = logger;
        RegisterHandlers();
        client.Connected += (_, e) =>
        {
            if (!e.Resumed)
            {
                _missingUntil = default; // a new session may see a service that was missing
            }
        };
    }

    /// <summary>The decision cache (for tests and the status).</summary>
    public DecisionCache Cache => _cache;

    /// <summary>The provisioning service in use, once found.</summary>
    public Jid? Service => _service?.Service;

    public async ValueTask<bool> IsAllowedAsync(Jid requester, IotOperation operation, IReadOnlyList<ThingNode> nodes,
        CancellationToken cancellationToken) =>
        (await DecideAsync(new AccessRequest(requester, operation, nodes), cancellationToken).ConfigureAwait(false)).Allowed;

    public async ValueTask<AccessDecision> DecideAsync(AccessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = Owner();
        if (owner is null)
        {
            return await _configured.DecideAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (owner.Equals(request.Requester.Bare))
        {
            return AccessDecision.Allow;
        }

        var service = await LocateAsync(cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            return await _configured.DecideAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var nodes = request.Nodes.Select(n => n.Reference).ToArray();
        var control = request.Operation == IotOperation.Control;
        var key = DecisionCache.KeyOf([control ? "canControl" : "canRead", request.Requester.Bare.ToString(), ((int)request.Types).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            [request.Tokens.ServiceToken, request.Tokens.DeviceToken, request.Tokens.UserToken],
            nodes.Select(n => $"{n.NodeId}\u0004{n.SourceId}\u0004{n.CacheType}"), control ? request.ParameterNames : request.FieldNames);
        var cached = _cache.Get(service.Service.ToString(), key);
        if (cached is null)
        {
            cached = await AskAsync(service, request, nodes, control, key, cancellationToken).ConfigureAwait(false);
            if (cached is null)
            {
                return AccessDecision.Deny;
            }
        }

        return !cached.Allowed ? AccessDecision.Deny : new AccessDecision(true)
        {
            NodeIds = cached.Nodes?.ToHashSet(StringComparer.Ordinal),
            FieldNames = cached.Fields?.ToHashSet(StringComparer.Ordinal),
            ParameterNames = cached.Parameters?.ToHashSet(StringComparer.Ordinal),
        };
    }

    private async Task<CachedDecision?> AskAsync(ProvisioningClient service, AccessRequest request, ThingReference[] nodes, bool control,
        string key, CancellationToken cancellationToken)
    {
        var question = control ? "canControl" : "canRead";
        CachedDecision decision;
        try
        {
            if (control)
            {
                var answer = await service.CanControlAsync(
                    new ControlPermissionRequest(request.Requester.Bare, nodes, request.ParameterNames, request.Tokens), cancellationToken).ConfigureAwait(false);
                decision = new CachedDecision
                {
                    Key = key,
                    Allowed = answer.Result,
                    Nodes = answer.Nodes.Count > 0 ? [.. answer.Nodes.Select(n => n.NodeId)] : null,
                    Parameters = answer.ParameterNames.Count > 0 ? [.. answer.ParameterNames] : null,
                };
            }
            else
            {
                var answer = await service.CanReadAsync(
                    new ReadPermissionRequest(request.Requester.Bare, request.Types, nodes, request.FieldNames, request.Tokens), cancellationToken).ConfigureAwait(false);
                decision = new CachedDecision
                {
                    Key = key,
                    Allowed = answer.Result,
                    Nodes = answer.Nodes.Count > 0 ? [.. answer.Nodes.Select(n => n.NodeId)] : null,
                    Fields = answer.FieldNames.Count > 0 ? [.. answer.FieldNames] : null,
                };
            }
        }
        catch (XmppException e)
        {
            Log.DelegatedDecisionFailed(_logger, service.Service.ToString(), question, request.Requester.Bare.ToString(), e.Message);
            return null;
        }

        Log.DelegatedDecision(_logger, service.Service.ToString(), question, request.Requester.Bare.ToString(), decision.Allowed
            ? $"yes{(decision.Nodes is null ? string.Empty : $", nodes {string.Join(',', decision.Nodes)}")}"
              + $"{(decision.Fields ?? decision.Parameters) switch { null => string.Empty, var names => ", only " + string.Join(',', names) }}"
            : "no");
        _cache.Put(service.Service.ToString(), decision);
        return decision;
    }

    /// <summary>The owner when the device is claimed (provisioning.json, re-read when it changes), else null.</summary>
    private Jid? Owner()
    {
        DateTime written;
        try
        {
            written = File.GetLastWriteTimeUtc(_statePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var current = Volatile.Read(ref _claim);
        if (written != current.Written)
        {
            var claimed = ProvisioningState.TryLoad(_statePath, out var state, out _) && state.State == ProvisioningState.Claimed
                && Jid.TryParse(state.Owner, out var owner) ? owner.Bare : null;
            if (claimed is not null && !claimed.Equals(current.Owner))
            {
                _cache.Clear(); // §Caching: clear the cache when a new trust relationship is created
            }

            current = new ClaimSnapshot(written, claimed, state?.Registry);
            Volatile.Write(ref _claim, current);
        }

        return current.Owner;
    }

    /// <summary>The registry named in provisioning.json when it was last read (<see cref="Owner"/> reads it).</summary>
    private string? Registry => Volatile.Read(ref _claim).Registry;

    private sealed record ClaimSnapshot(DateTime Written, Jid? Owner, string? Registry);

    /// <summary>The provisioning service: configured, else the registry if it is one, else a component advertising it.</summary>
    private async Task<ProvisioningClient?> LocateAsync(CancellationToken cancellationToken)
    {
        if (_service is not null || _time.GetUtcNow() < _missingUntil)
        {
            return _service;
        }

        await _locating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_service is not null || _time.GetUtcNow() < _missingUntil)
            {
                return _service;
            }

            Jid? found = _options.Service is { Length: > 0 } configured ? Jid.Parse(configured) : null;
            if (found is null)
            {
                var registry = _options.Registry is { Length: > 0 } r ? r : Registry;
                if (Jid.TryParse(registry, out var registryJid)
                    && (await DiscoInfo.QueryAsync(_client, registryJid, null, cancellationToken).ConfigureAwait(false)).Supports(ProvisioningNamespaces.Feature))
                {
                    found = registryJid;
                }
                else
                {
                    found = await DiscoSearch.FindOnDomainAsync(_client, ProvisioningNamespaces.Feature, cancellationToken).ConfigureAwait(false);
                }
            }

            if (found is null)
            {
                Log.ProvisioningServiceMissing(_logger);
                _missingUntil = _time.GetUtcNow() + MissingRetry;
                return null;
            }

            Log.ProvisioningServiceFound(_logger, found.ToString());
            _service = new ProvisioningClient(_client, found);
            return _service;
        }
        catch (XmppException e)
        {
            Log.DelegatedDecisionFailed(_logger, "(looking for it)", "disco", "-", e.Message);
            _missingUntil = _time.GetUtcNow() + MissingRetry;
            return null;
        }
        finally
        {
            _locating.Release();
        }
    }
}
