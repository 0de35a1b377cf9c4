using System.Threading.Channels;
using System.Xml.Linq;
using Edge.Iot.Discovery;
using Edge.Xmpp;
using Edge.Xmpp.Disco;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Provisioning;

/// <summary>
/// The device side of XEP-0347 claiming: at every new session, unless its owner has claimed it, the device registers in
/// the thing registry (configured, or found on its domain) with its meta tags and a random KEY kept in
/// <see cref="ProvisioningState.FileName"/>, so a restart reuses the KEY; at the first registration of a KEY it logs
/// the claim string (the <c>iotdisco:</c> URI), prints its QR code and writes <see cref="ClaimQr.SvgFileName"/>. The
/// registry's pushes: <c>claimed</c> (owner kept and befriended; never registers again; a public device blanks its KEY
/// with <c>update</c>), <c>removed</c> (no longer registers nor updates; a JID registry is unfriended), <c>disowned</c>
/// (the owner dropped and unfriended, registers again with a new KEY). A claimed device whose tags changed since they
/// were registered sends <c>update</c> at its next start. A registry with a JID (not a component) is befriended before
/// it is spoken to and unfriended when done (§Friendships between Things and Registry). One job: all of it runs on
/// one loop, in order (ThingRegistration.Friends.cs: presence; ThingRegistration.Update.cs: update).
/// </summary>
public sealed partial class ThingRegistration : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After <c>disowned</c>, the wait before registering again: the registry completes the disown only once our
    /// acknowledgement reached it, and a <c>register</c> that overtakes it is answered "claimed" by the old owner.
    /// </summary>
    private static readonly TimeSpan DisownSettle = TimeSpan.FromSeconds(2);
    private readonly XmppClient _client;
    private readonly ProvisioningOptions _options;
    private readonly IReadOnlyList<MetaTag> _tags;
    private readonly string _dataDirectory;
    private readonly TextWriter _terminal;
    private readonly TimeProvider _time;
    private readonly ILogger<ThingRegistration> _logger;
    private readonly Channel<Work> _work = Channel.CreateBounded<Work>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private ProvisioningState? _state;
    private DiscoveryClient? _discovery;

    /// <param name="client">The agent's connection.</param>
    /// <param name="options">Agent:Provisioning.</param>
    /// <param name="tags">The tags to register with, KEY excluded (<see cref="ProvisioningOptions.BuildTags"/>).</param>
    /// <param name="dataDirectory">Where provisioning.json and the QR code's SVG are kept.</param>
    /// <param name="terminal">Where the QR code is printed (the console).</param>
    /// <param name="time">The clock for retries.</param>
    /// <param name="logger">Progress for the technician.</param>
    public ThingRegistration(XmppClient client, ProvisioningOptions options, IReadOnlyList<MetaTag> tags, string dataDirectory,
        TextWriter terminal, TimeProvider time, ILogger<ThingRegistration> logger)
    {
        _client = client;
        _options = options;
        _tags = tags;
        _dataDirectory = dataDirectory;
        _terminal = terminal;
        _time = time;
        _logger = logger;
    }

    /// <summary>Registrations sent by this run (for tests: a claimed device sends none).</summary>
    public int Registrations { get; private set; }

    private string FilePath => Path.Combine(_dataDirectory, ProvisioningState.FileName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnConnected(object? sender, XmppConnectedEventArgs e)
        {
            if (!e.Resumed)
            {
                _ = _work.Writer.TryWrite(Work.Connect);
            }
        }

        _client.Connected += OnConnected;
        _client.OnPresence(OnPresenceAsync);
        if (_client.State == XmppClientState.Connected)
        {
            _ = _work.Writer.TryWrite(Work.Connect);
        }

        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(work, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is XmppException or IOException or UnauthorizedAccessException)
                {
                    Log.ProvisioningRetry(_logger, _discovery?.Registry.ToString() ?? "(not found)", e.Message, RetryDelay);
                    _ = RetryLaterAsync(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopped
        }
        finally
        {
            _client.Connected -= OnConnected;
        }
    }

    private async Task HandleAsync(Work work, CancellationToken cancellationToken)
    {
        _state ??= LoadState();
        switch (work.Kind)
        {
            case WorkKind.Connect when _state is { State: ProvisioningState.Removed }:
                Log.ProvisioningAlreadyOwned(_logger, _state.Owner ?? "(unknown)");
                return;
            case WorkKind.Connect when _state is { State: ProvisioningState.Claimed }:
                Log.ProvisioningAlreadyOwned(_logger, _state.Owner ?? "(unknown)");
                await FollowClaimAsync(cancellationToken).ConfigureAwait(false);
                return;
            case WorkKind.Connect:
                await RegisterAsync(cancellationToken).ConfigureAwait(false);
                return;
            case WorkKind.Claimed when work.Claimed is { } claimed:
                await OwnAsync(claimed, cancellationToken).ConfigureAwait(false);
                return;
            case WorkKind.Removed when _state is not null:
                await RemovedAsync(cancellationToken).ConfigureAwait(false);
                return;
            case WorkKind.Disowned when _state is not null:
                await DisownedAsync(cancellationToken).ConfigureAwait(false);
                return;
            case WorkKind.Subscribe when work.From is { } from:
                await AnswerSubscriptionAsync(from, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>§Removing Thing: stop updating (the state says so at every start) and unfriend a JID registry.</summary>
    private async Task RemovedAsync(CancellationToken cancellationToken)
    {
        _state!.State = ProvisioningState.Removed;
        _state.Save(FilePath);
        Log.ProvisioningRemoved(_logger, _state.Registry, _state.Owner ?? "(unknown)");
        await UnfriendRegistryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>§Disowning Thing: drop the owner and its friendship, a new KEY, register again after a short settle.</summary>
    private async Task DisownedAsync(CancellationToken cancellationToken)
    {
        // The registry's disowned push and the refusal of an update in flight (UpdateOutcome.Disowned) report the same
        // disown: the first one resets the state to registering with a new KEY, and a second one must not make another.
        if (_state!.State == ProvisioningState.Registering)
        {
            return;
        }

        var owner = _state.Owner;
        Log.ProvisioningDisowned(_logger, owner ?? "(unknown)");
        _state = new ProvisioningState { Registry = _state.Registry, Key = ProvisioningState.NewKey() };
        _state.Save(FilePath);
        if (owner is not null && Jid.TryParse(owner, out var ownerJid))
        {
            await UnfriendAsync(ownerJid, cancellationToken).ConfigureAwait(false);
        }

        _ = RetryLaterAsync(DisownSettle, cancellationToken);
    }

    private ProvisioningState? LoadState()
    {
        if (ProvisioningState.TryLoad(FilePath, out var state, out var reason))
        {
            return state;
        }

        if (File.Exists(FilePath))
        {
            Log.ProvisioningFileUnusable(_logger, FilePath, reason);
        }

        return null;
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        if (_client.State != XmppClientState.Connected)
        {
            return; // the next session asks again
        }

        var discovery = await DiscoveryAsync(cancellationToken).ConfigureAwait(false);
        if (discovery is null)
        {
            Log.ProvisioningNoRegistry(_logger, _client.Jid.Domain, RetryDelay);
            _ = RetryLaterAsync(RetryDelay, cancellationToken);
            return;
        }

        var fresh = _state is null || _state.State == ProvisioningState.Registering || _state.Registry != discovery.Registry.ToString();
        if (_state is null)
        {
            // Durably before the request: a restart from here on registers with this same KEY.
            _state = new ProvisioningState { Registry = discovery.Registry.ToString(), Key = ProvisioningState.NewKey() };
            _state.Save(FilePath);
            Log.ProvisioningRegisteringNewKey(_logger, _state.Registry, string.Join(", ", _tags));
        }
        else
        {
            _state.Registry = discovery.Registry.ToString();
            Log.ProvisioningRegisteringAgain(_logger, _state.Registry, string.Join(", ", _tags), FilePath);
        }

        var tags = _tags.Append(MetaTag.String(MetaTagNames.Key, _state.Key)).ToArray();
        await BefriendRegistryAsync(cancellationToken).ConfigureAwait(false);
        Registrations++;
        var claimed = await discovery.RegisterAsync(new RegisterRequest(tags, ThingNode.None), cancellationToken).ConfigureAwait(false);
        _state.Tags = TagTexts(_tags);
        if (claimed is not null)
        {
            await OwnAsync(claimed, cancellationToken).ConfigureAwait(false); // claimed already (a claim while we were offline)
            return;
        }

        // The label's QR code before the state says registered: whoever reads "registered" finds the file. Tags that
        // changed since the last start make a new claim string: shown and written again.
        var uri = new ClaimUri(tags, discovery.Registry).ToString();
        var qrFile = Path.Combine(_dataDirectory, ClaimQr.SvgFileName);
        var show = fresh || !File.Exists(qrFile) || uri != _state.ClaimUri;
        if (show)
        {
            try
            {
                ClaimQr.WriteSvg(_dataDirectory, uri);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.ProvisioningQrFailed(_logger, qrFile, e.Message);
            }
        }

        _state.ClaimUri = uri;
        _state.State = ProvisioningState.Registered;
        _state.Save(FilePath);
        Log.ProvisioningRegistered(_logger, _state.Registry, uri, qrFile);
        if (show)
        {
            PrintQr(uri);
        }
    }

    private void PrintQr(string uri)
    {
        _terminal.WriteLine("Claim this device: scan the QR code, or give the owner the claim string");
        _terminal.WriteLine(uri);
        _terminal.Write(ClaimQr.ToText(uri));
        _terminal.Flush();
    }

    /// <summary>
    /// §Claiming Ownership, "Ownership claimed": the owner is kept; then the device accepts the owner's friendship and
    /// asks for it back, and (<see cref="FollowClaimAsync"/>) blanks its KEY if public.
    /// </summary>
    private async Task OwnAsync(ClaimedInfo claimed, CancellationToken cancellationToken)
    {
        _state ??= new ProvisioningState { Registry = _discovery?.Registry.ToString() ?? string.Empty, Key = ProvisioningState.NewKey() };
        _state.State = ProvisioningState.Claimed;
        _state.Owner = claimed.Jid.Bare.ToString();
        _state.Public = claimed.Public;
        _state.KeyCleared = false;
        _state.Save(FilePath);
        Log.ProvisioningClaimed(_logger, _state.Owner, claimed.Public ? "public" : "private");
        await FollowClaimAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The registry's client, made once: configured, stored from an earlier run, or found on the domain.</summary>
    private async Task<DiscoveryClient?> DiscoveryAsync(CancellationToken cancellationToken)
    {
        if (_discovery is not null)
        {
            return _discovery;
        }

        var registry = _options.Registry is { Length: > 0 } configured ? Jid.Parse(configured)
            : _state is { Registry.Length: > 0 } && Jid.TryParse(_state.Registry, out var stored) ? stored
            : await FindRegistryAsync(cancellationToken).ConfigureAwait(false);
        if (registry is null)
        {
            return null;
        }

        _discovery = new DiscoveryClient(_client, registry, _logger);
        _discovery.Claimed += (_, claimed) => _work.Writer.TryWrite(new Work(WorkKind.Claimed, claimed));
        _discovery.Removed += (_, _) => _work.Writer.TryWrite(new Work(WorkKind.Removed, null));
        _discovery.Disowned += (_, _) => _work.Writer.TryWrite(new Work(WorkKind.Disowned, null));
        _discovery.HandlePushes();
        return _discovery;
    }

    /// <summary>XEP-0347 §Finding Thing Registry (<see cref="DiscoSearch"/>), logged for the technician.</summary>
    private async Task<Jid?> FindRegistryAsync(CancellationToken cancellationToken)
    {
        Log.ProvisioningSearchingRegistry(_logger, _client.Jid.Domain);
        var found = await DiscoSearch.FindOnDomainAsync(_client, DiscoveryNamespaces.Feature, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            Log.ProvisioningRegistryFound(_logger, found.ToString());
        }

        return found;
    }

    private async Task RetryLaterAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            _ = _work.Writer.TryWrite(Work.Connect);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private enum WorkKind
    {
        Connect,
        Claimed,
        Removed,
        Disowned,
        Subscribe,
    }

    private sealed record Work(WorkKind Kind, ClaimedInfo? Claimed, Jid? From = null)
    {
        public static Work Connect { get; } = new(WorkKind.Connect, null);
    }
}
