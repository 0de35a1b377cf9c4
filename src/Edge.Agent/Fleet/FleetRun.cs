using System.Diagnostics;
using System.Globalization;
using Edge.Agent.Iot;
using Edge.Hardware.Profiles;
using Edge.Iot;
using Edge.Xmpp;
using Edge.Xmpp.Register;
using Microsoft.Extensions.Logging;

namespace Edge.Agent.Fleet;

/// <summary>
/// Runs a fleet: builds the devices, brings them up paced (at most <see cref="FleetOptions.Concurrency"/> registering or
/// logging in at once, a progress line every few seconds), then drives them from one shared timer: each sampling
/// interval is cut into slots, the shared sensors are read at the first, and each device queues and publishes in its own
/// slot, so the publishes are spread over the interval instead of arriving as one burst. A device whose connection
/// drops reconnects by itself (<see cref="XmppClient"/>'s backoff with jitter, its first delay scaled with the fleet so
/// a server restart does not bring every device back in the same second).
/// </summary>
public sealed class FleetRun(FleetOptions fleet, XmppClientOptions xmpp, AgentOptions agent, HardwareProfile profile,
    TextWriter progress, ILoggerFactory loggers, TimeProvider? time = null)
{
    /// <summary>Exit code when accounts, credentials or TLS fail: retrying would not help.</summary>
    public const int FatalExitCode = 3;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = loggers.CreateLogger("Edge.Agent.Fleet");
    private string? _fatal;

    /// <summary>Runs until <paramref name="cancellationToken"/> (Ctrl-C, SIGTERM, --duration); returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>(fleet.Validate());
        var domain = Jid.Parse(xmpp.Jid).Domain;
        var accounts = errors.Count == 0 ? FleetAccount.From(fleet, domain, errors) : [];
        if (errors.Count > 0)
        {
            await progress.WriteLineAsync("edge fleet: " + string.Join(Environment.NewLine + "edge fleet: ", errors)).ConfigureAwait(false);
            return 2;
        }

        await using var sensors = FleetSensors.Create(profile, _time, loggers);
        var policies = new Dictionary<string, IAccessPolicy>(StringComparer.Ordinal);
        var devices = accounts.Select(a =>
        {
            var jid = Jid.Parse(a.Jid);
            if (!policies.TryGetValue(jid.Domain, out var policy))
            {
                policies[jid.Domain] = policy = new ConfiguredAccessPolicy(agent.Access, jid); // lists, or the device's own domain
            }

            return new FleetDevice(DeviceOptions(a), sensors, fleet, agent, policy, _time, loggers);
        }).ToArray();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"edge fleet: {devices.Length} devices ({devices[0].Jid} …) on {xmpp.Host ?? domain}:{xmpp.Port}, {sensors.SensorNodes.Count + profile.Relays.Count} nodes each, sampling every {fleet.SampleInterval.TotalSeconds} s"))
            .ConfigureAwait(false);
        var started = Stopwatch.StartNew();
        var startUp = StartAllAsync(devices, stop);
        var schedule = ScheduleAsync(devices, sensors, stop.Token);
        try
        {
            await ReportAsync(devices, startUp, started, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(startUp.ContinueWith(_ => { }, TaskScheduler.Default), schedule.ContinueWith(_ => { }, TaskScheduler.Default))
            .ConfigureAwait(false);
        await progress.WriteLineAsync("edge fleet: stopping; " + Status(devices)).ConfigureAwait(false);
        var closing = Task.WhenAll(devices.Select(d => d.DisposeAsync().AsTask()));
        if (await Task.WhenAny(closing, Task.Delay(StopBound, _time, CancellationToken.None)).ConfigureAwait(false) != closing)
        {
            await progress.WriteLineAsync($"edge fleet: not every session closed within {StopBound.TotalSeconds} s; exiting anyway").ConfigureAwait(false);
        }

        if (_fatal is not null)
        {
            await progress.WriteLineAsync("edge fleet: " + _fatal).ConfigureAwait(false);
            return FatalExitCode;
        }

        return 0;
    }

    /// <summary>The configured client options with this device's account, and a reconnect delay that scales with the fleet.</summary>
    private XmppClientOptions DeviceOptions(FleetAccount account)
    {
        // The jitter spreads the first reconnect over [d/2, d]: with d ≥ 10 ms per device a restarted server sees the
        // fleet come back over seconds (1,000 devices: 5-10 s), not in one burst.
        var initial = TimeSpan.FromMilliseconds(Math.Max(xmpp.ReconnectInitialDelay.TotalMilliseconds, fleet.Count * 10.0));
        var options = new XmppClientOptions
        {
            Jid = account.Jid,
            Password = account.Password,
            Resource = xmpp.Resource,
            Host = xmpp.Host,
            Port = xmpp.Port,
            Tls = xmpp.Tls,
            ConnectTimeout = xmpp.ConnectTimeout,
            IqTimeout = xmpp.IqTimeout,
            PingInterval = xmpp.PingInterval,
            MaxStanzaBytes = xmpp.MaxStanzaBytes,
            StreamManagement = xmpp.StreamManagement,
            AckRequestDelay = xmpp.AckRequestDelay,
            AckRequestBatch = xmpp.AckRequestBatch,
            AutoReconnect = true,
            ReconnectInitialDelay = initial,
            ReconnectMaxDelay = xmpp.ReconnectMaxDelay > initial * 2 ? xmpp.ReconnectMaxDelay : initial * 2,
            SendInitialPresence = xmpp.SendInitialPresence,
            SoftwareName = xmpp.SoftwareName,
            CapsNode = xmpp.CapsNode,
        };
        return options;
    }

    /// <summary>Registers (with --register) and logs in every device, <see cref="FleetOptions.Concurrency"/> at a time.</summary>
    private async Task StartAllAsync(FleetDevice[] devices, CancellationTokenSource stop)
    {
        using var gate = new SemaphoreSlim(fleet.Concurrency);
        await Task.WhenAll(devices.Select(async device =>
        {
            await gate.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                if (fleet.Register && await RegisterAsync(device, stop).ConfigureAwait(false) is { } refused)
                {
                    Fail(stop, $"{device.Jid}: the server refused in-band registration (XEP-0077): {refused}. Create the accounts on the "
                        + "server (prosodyctl register, ejabberdctl register …) and give them with --accounts FILE (user:password per line).");
                    return;
                }

                await device.Client.StartAsync(stop.Token).ConfigureAwait(false);
            }
            catch (XmppException e)
            {
                Fail(stop, $"{device.Jid}: {e.Message} The account does not exist or has another password: create the accounts with "
                    + "--register (where the server allows in-band registration) or give existing ones with --accounts FILE (user:password per line).");
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>Creates the device's account; null when it exists now, else the server's refusal.</summary>
    private async Task<StanzaError?> RegisterAsync(FleetDevice device, CancellationTokenSource stop)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            StanzaError? refused;
            try
            {
                refused = await InBandRegistration.RegisterAsync(device.Client.Options, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (XmppClient.IsTransient(e) && !stop.IsCancellationRequested)
            {
                var delay = backoff * (0.5 + (Random.Shared.NextDouble() / 2));
                Log.FleetRegistrationRetry(_logger, device.Jid.ToString(), e.Message, delay);
                await Task.Delay(delay, _time, stop.Token).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                continue;
            }

            // Made, or made by an earlier run (conflict): the login says whether the password fits.
            return refused is null or { Condition: "conflict" } ? null : refused;
        }
    }

    private void Fail(CancellationTokenSource stop, string message)
    {
        if (Interlocked.CompareExchange(ref _fatal, message, null) is null)
        {
            stop.Cancel();
        }
    }

    /// <summary>The shared timer: sample at the first slot of each interval; each device queues and publishes in its slot.</summary>
    private async Task ScheduleAsync(FleetDevice[] devices, FleetSensors sensors, CancellationToken token)
    {
        var slots = (int)Math.Clamp(fleet.SampleInterval / TimeSpan.FromMilliseconds(100), 1, 50);
        using var timer = new PeriodicTimer(fleet.SampleInterval / slots, _time);
        long tick = 0;
        do
        {
            var slot = (int)(tick++ % slots);
            if (slot == 0)
            {
                await sensors.SampleAsync(token).ConfigureAwait(false);
            }

            var latest = sensors.Latest;
            if (latest.Count == 0)
            {
                continue;
            }

            for (var i = slot; i < devices.Length; i += slots)
            {
                devices[i].Enqueue(latest, latest[0].Timestamp);
                devices[i].Flush();
            }
        }
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false));
    }

    /// <summary>Progress while starting ("312/1000 connected"), then a status line every few seconds when it changed.</summary>
    private async Task ReportAsync(FleetDevice[] devices, Task startUp, Stopwatch started, CancellationToken token)
    {
        var allUp = false;
        string? last = null;
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(allUp ? StatusEvery : ProgressEvery, _time, token).ConfigureAwait(false);
            var connected = devices.Count(d => d.IsConnected);
            if (!allUp)
            {
                allUp = connected == devices.Length && startUp.IsCompleted;
                await progress.WriteLineAsync(allUp
                    ? string.Create(CultureInfo.InvariantCulture, $"edge fleet: all {devices.Length} connected in {started.Elapsed.TotalSeconds:0.0} s")
                    : $"{connected}/{devices.Length} connected").ConfigureAwait(false);
                continue;
            }

            var status = Status(devices);
            if (status != last)
            {
                await progress.WriteLineAsync("edge fleet: " + status + Memory()).ConfigureAwait(false);
                last = status;
            }
        }
    }

    /// <summary>
    /// Where the memory is: the live managed heap at the last collection, and what the GC holds committed (the rest of
    /// RSS is the runtime, native TLS state and code); before the first collection, the heap as allocated so far.
    /// </summary>
    private static string Memory()
    {
        var gc = GC.GetGCMemoryInfo();
        return gc.Index == 0
            ? string.Create(CultureInfo.InvariantCulture, $"; managed heap {GC.GetTotalMemory(false) / 1048576.0:F1} MiB (no GC yet)")
            : string.Create(CultureInfo.InvariantCulture,
                $"; managed heap {gc.HeapSizeBytes / 1048576.0:F1} MiB after GC #{gc.Index}, GC committed {gc.TotalCommittedBytes / 1048576.0:F1} MiB");
    }

    private static string Status(FleetDevice[] devices) => string.Create(CultureInfo.InvariantCulture,
        $"{devices.Count(d => d.IsConnected)}/{devices.Length} connected, {devices.Sum(d => d.Published)} published, {devices.Sum(d => d.Queued)} queued, {devices.Sum(d => d.Dropped)} dropped, {devices.Sum(d => d.Refused)} refused");
}
