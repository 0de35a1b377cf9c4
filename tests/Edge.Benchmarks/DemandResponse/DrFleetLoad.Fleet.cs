using System.Diagnostics;
using System.Globalization;
using Edge.Benchmarks.Replay;
using Edge.Testing.Servers;

namespace Edge.Benchmarks.DemandResponse;

/// <summary>The fleet: its staggered, bounded start, the agents' settings, and what the machine is doing (CPU, quiet).</summary>
public static partial class DrFleetLoad
{
    private static readonly TimeSpan AgentStartTimeout = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Starts the agents, at most <see cref="Settings.ParallelStarts"/> not yet subscribed at a time (a JIT start costs
    /// seconds of CPU; fifty at once on two cores would time out), and returns once every one logged its subscription.
    /// </summary>
    private static async Task StartFleetAsync(Settings o, IXmppTestServer server, string node, string profile, string work,
        List<FleetAgent> agents, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var startedAt = new Dictionary<FleetAgent, TimeSpan>();
        int next = 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var agent in agents.Where(a => a.SubscribedAt is null))
            {
                if (agent.HasExited)
                {
                    throw new InvalidOperationException($"agent {agent.Index} exited before it subscribed:{Environment.NewLine}{agent.Tail()}");
                }

                if (deadline.Elapsed - startedAt[agent] > AgentStartTimeout)
                {
                    throw new TimeoutException($"agent {agent.Index} did not subscribe within {AgentStartTimeout.TotalSeconds} s:{Environment.NewLine}{agent.Tail()}");
                }
            }

            int starting = agents.Count(a => a.SubscribedAt is null);
            if (next > o.Agents && starting == 0)
            {
                return;
            }

            if (deadline.Elapsed > o.StartTimeout)
            {
                throw new TimeoutException($"{agents.Count(a => a.SubscribedAt is not null)} of {o.Agents} agents subscribed within {o.StartTimeout.TotalSeconds} s");
            }

            while (next <= o.Agents && starting < o.ParallelStarts)
            {
                var directory = Path.Combine(work, AccountName(next));
                Directory.CreateDirectory(directory);
                var environment = AgentEnvironment(server, node, profile, AccountName(next), directory);
                foreach (var setting in o.AgentSettings)
                {
                    int equals = setting.IndexOf('=', StringComparison.Ordinal);
                    environment[setting[..equals]] = setting[(equals + 1)..];
                }

                var agent = FleetAgent.Start(next, o.Edge, environment, directory);
                agents.Add(agent);
                startedAt[agent] = deadline.Elapsed;
                next++;
                starting++;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static Dictionary<string, string> AgentEnvironment(IXmppTestServer server, string node, string profile, string account, string directory) => new()
    {
        ["Xmpp__Jid"] = account + "@" + server.Domain,
        ["Xmpp__Password"] = Password,
        ["Xmpp__Resource"] = "edge-" + account,
        ["Xmpp__Host"] = server.Host,
        ["Xmpp__Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
        ["Xmpp__Tls__CaFile"] = server.CaFile,
        ["Agent__HardwareProfile"] = profile,
        ["Agent__DataDirectory"] = Path.Combine(directory, "data"),
        ["Agent__SampleInterval"] = "01:00:00",
        ["Agent__PubSub__Service"] = server.PubSubService,
        ["Agent__DemandResponse__RestoreWindow"] = "00:00:00",
        ["Agent__DemandResponse__Program__Node"] = node,
        ["Agent__DemandResponse__Program__Service"] = server.PubSubService,
        ["Agent__DemandResponse__Program__GroupIds__0"] = Group,
        ["Logging__Console__FormatterOptions__TimestampFormat"] = FleetAgent.TimestampFormat,
    };

    /// <summary>
    /// Waits until the agents and the server together used less than <see cref="Settings.QuietCpuPercent"/> % of a core
    /// over one second, at most <see cref="Settings.QuietTimeout"/>. Returns how long it waited and whether it got quiet.
    /// </summary>
    private static async Task<(TimeSpan Waited, bool Quiet)> WaitQuietAsync(Settings o, IXmppTestServer server, List<FleetAgent> agents,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        double Total() => agents.Sum(a => a.Cpu()?.TotalSeconds ?? 0) + ServerCpu(server);
        while (true)
        {
            double before = Total();
            var window = Stopwatch.StartNew();
            await Task.Delay(1000, cancellationToken);
            double used = (Total() - before) / window.Elapsed.TotalSeconds * 100;
            if (used < o.QuietCpuPercent)
            {
                return (watch.Elapsed, true);
            }

            if (watch.Elapsed > o.QuietTimeout)
            {
                return (watch.Elapsed, false);
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    /// <summary>The server process's CPU seconds (from its pid file in the instance folder), 0 when not found.</summary>
    private static double ServerCpu(IXmppTestServer server)
    {
        var pidFile = Path.Combine(server.Directory, server.Kind == XmppServerKind.Prosody ? "prosody.pid" : "ejabberd.pid");
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                ? ProcStat.Cpu(pid)?.TotalSeconds ?? 0 : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
