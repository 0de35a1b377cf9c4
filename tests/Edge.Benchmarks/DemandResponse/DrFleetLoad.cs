using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Edge.Agent.Cli;
using Edge.Testing.Servers;
using Edge.Xmpp;
using Edge.Xmpp.Register;

namespace Edge.Benchmarks.DemandResponse;

/// <summary>
/// <c>Edge.Benchmarks dr-fleet [--server prosody|ejabberd] [--agents N] [--rounds R] [--edge PATH] …</c> (issue 15): the
/// time from a demand-response event's publish to the last load shed, with N real agents (<c>edge run</c>, each a
/// process, account, resource and data directory of its own) subscribed to one program node on a private server.
/// Each agent runs a two-relay simulated profile (shed priorities 0 and 3, no minimum times, fail-safe on) and logs
/// with microsecond timestamps; the admin, connected before, publishes one level-3 event per round (start now) and the
/// latency of an agent is its own log timestamp of its last shed minus the wall clock just before the publish (one
/// machine, one clock). Each round ends with a cancel and every load restored (restore window 0). Not a test:
/// figures, not assertions. Every process it starts is stopped by pid, every wait is bounded. Before each round it waits
/// (bounded) until the agents and the server together use less than <c>--quiet-cpu</c> % of a core, so an event meets a
/// quiet fleet, as in the field, not the tail of the previous round's status publishes.
/// </summary>
public static partial class DrFleetLoad
{
    private const string Password = "fleet-secret";
    private const string Group = "fleet";
    private const int LoadsPerAgent = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        string Text(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var o = new Settings(
            Kind: XmppTestServer.Parse(Text("server", "prosody")),
            Edge: Path.GetFullPath(Text("edge", "src/Edge.Agent/bin/Release/net10.0/edge")),
            Agents: Int("agents", 50),
            Rounds: Int("rounds", 5),
            ParallelStarts: Int("parallel-starts", 3),
            StartTimeout: TimeSpan.FromSeconds(Int("start-timeout", 900)),
            Settle: TimeSpan.FromSeconds(Int("settle", 10)),
            RoundTimeout: TimeSpan.FromSeconds(Int("round-timeout", 60)),
            QuietTimeout: TimeSpan.FromSeconds(Int("quiet-timeout", 60)),
            QuietCpuPercent: Int("quiet-cpu", 20),
            Keep: args.Contains("--keep"),
            AgentSettings: [.. args.Select((a, i) => (a, i)).Where(x => x.a == "--agent-env" && x.i + 1 < args.Length).Select(x => args[x.i + 1])]);
        if (!File.Exists(o.Edge))
        {
            Console.Error.WriteLine($"no agent at {o.Edge}: build src/Edge.Agent -c Release first");
            return 2;
        }

        // Ctrl-C or SIGTERM (e.g. from timeout(1)): unwind through the finally blocks, which stop what was started.
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var work = Directory.CreateTempSubdirectory("edge-dr-fleet-").FullName;
        var agents = new List<FleetAgent>();
        IXmppTestServer? server = null;
        XmppClient? admin = null;
        try
        {
            // The fleet's accounts may create their status nodes on the pubsub service, as agent@ may (.ci/*.sh).
            Environment.SetEnvironmentVariable("EDGE_PUBSUB_CREATORS", string.Join(' ', Enumerable.Range(1, o.Agents).Select(AccountName)));
            var watch = Stopwatch.StartNew();
            server = await XmppTestServer.StartAsync(o.Kind, stop.Token);
            Console.WriteLine($"{server.Name} on {server.Host}:{server.Port} started in {watch.Elapsed.TotalSeconds:F1} s");

            watch.Restart();
            await RegisterAsync(server, o.Agents, stop.Token);
            Console.WriteLine($"{o.Agents} agent accounts registered in-band (XEP-0077) in {watch.Elapsed.TotalSeconds:F1} s");

            admin = new XmppClient(ClientOptions(server, TestAccounts.AdminJid, TestAccounts.AdminPassword, "dr-fleet"));
            await admin.ConnectAsync(stop.Token);
            var node = "dr-fleet-" + Guid.NewGuid().ToString("N")[..8];

            // The node exists before the agents subscribe: a level-0 event (sheds nothing) creates it, open to subscribers.
            using (var output = new StringWriter())
            using (var error = new StringWriter())
            {
                int code = await DrCommand.EventAsync(new Edge.Agent.Cli.CommandLine([.. AdminArguments(server, node), "--level", "0", "--duration", "1s", "--id", "create"],
                    DrCommand.Flags), output, error, TimeProvider.System, stop.Token);
                if (code != 0)
                {
                    throw new InvalidOperationException($"edge dr event (creating {node}) failed: {error}");
                }
            }

            var profile = Path.Combine(work, "fleet-profile.json");
            await File.WriteAllTextAsync(profile, Profile(), stop.Token);
            watch.Restart();
            await StartFleetAsync(o, server, node, profile, work, agents, stop.Token);
            var started = watch.Elapsed;
            Console.WriteLine($"{agents.Count} agents started and subscribed to {node} in {started.TotalSeconds:F0} s " +
                $"(at most {o.ParallelStarts} starting at once); settling {o.Settle.TotalSeconds:F0} s");
            await Task.Delay(o.Settle, stop.Token);

            await RunRoundsAsync(o, server, admin, node, agents, stop.Token);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("stopped by a signal; cleaning up");
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or XmppException)
        {
            Console.Error.WriteLine("dr-fleet failed: " + e.Message);
            return 1;
        }
        finally
        {
            await FleetAgent.TerminateAsync(agents);
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            if (admin is not null)
            {
                await admin.DisposeAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }

            if (o.Keep)
            {
                Console.WriteLine($"agent logs kept in {work}");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static string AccountName(int i) => "fleet" + i.ToString("D3", CultureInfo.InvariantCulture);

    private static XmppClientOptions ClientOptions(IXmppTestServer server, string jid, string password, string resource)
    {
        var options = new XmppClientOptions
        {
            Jid = jid,
            Password = password,
            Resource = resource,
            Host = server.Host,
            Port = server.Port,
            PingInterval = TimeSpan.Zero,
            SendInitialPresence = false,
            AutoReconnect = false,
            IqTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        options.Tls.CaFile = server.CaFile;
        return options;
    }

    private static string[] AdminArguments(IXmppTestServer server, string node) =>
    [
        "--jid", TestAccounts.AdminJid, "--password", TestAccounts.AdminPassword,
        "--server", server.Host + ":" + server.Port.ToString(CultureInfo.InvariantCulture), "--ca-file", server.CaFile,
        "--service", server.PubSubService, "--node", node,
    ];

    /// <summary>XEP-0077 from loopback, a few at a time (both fixture servers allow it; an existing account is fine).</summary>
    private static async Task RegisterAsync(IXmppTestServer server, int count, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var jid = AccountName(i) + "@" + server.Domain;
                var refused = await InBandRegistration.RegisterAsync(ClientOptions(server, jid, Password, "register"), token);
                if (refused is not null && refused.Condition != "conflict")
                {
                    throw new InvalidOperationException($"{server.Name} refused to register {jid}: {refused}");
                }
            });
    }

    /// <summary>
    /// Two relays with demand-response roles (priorities 0 and 3, no minimum times, no switching cap), on at start
    /// (fail-safe on) and after every restore; no sensors, so the agent samples nothing and publishes only its status.
    /// </summary>
    private static string Profile()
    {
        static JsonObject Relay(string id, int pin, int priority, int watts) => new()
        {
            ["id"] = id, ["pin"] = pin, ["activeLow"] = true, ["failSafeOn"] = true,
            ["minOnSeconds"] = 0, ["minOffSeconds"] = 0, ["maxSwitchingsPerHour"] = 0,
            ["demandResponse"] = new JsonObject { ["shedPriority"] = priority, ["essential"] = false, ["nominalWatts"] = watts, ["cyclable"] = false },
        };

        var profile = new JsonObject
        {
            ["name"] = "dr-fleet",
            ["description"] = "dr-fleet benchmark: two sheddable relays on the simulated GPIO, no sensors",
            ["simulated"] = true,
            ["sensors"] = new JsonArray(),
            ["relays"] = new JsonArray(Relay("ev-charger-enable", 23, 0, 7400), Relay("heater", 22, 3, 2000)),
        };
        return profile.ToJsonString();
    }

    private sealed record Settings(XmppServerKind Kind, string Edge, int Agents, int Rounds, int ParallelStarts, TimeSpan StartTimeout,
        TimeSpan Settle, TimeSpan RoundTimeout, TimeSpan QuietTimeout, int QuietCpuPercent, bool Keep, string[] AgentSettings);
}
