using Edge.Agent.Cli;
using Edge.Agent.Hosting;
using Edge.Hardware.Diagnostics;
using Edge.Hardware.Profiles;
using System.Runtime.InteropServices;

namespace Edge.Agent;

/// <summary>The <c>edge</c> executable: one binary, several verbs.</summary>
internal static class Program
{
    private const string Usage = """
        edge — the Edge IoT-XMPP agent and its companion tools

        usage: edge <verb> [options]      (edge <verb> --help for the verb's options)

          run          run the agent: sample sensors, keep readings in the durable outbox, publish them over XMPP
          fleet        run N simulated devices in one process, each its own account and nodes (try a server or backend)
          subscribe    subscribe to sensor nodes and print readings as they arrive (a backend's view)
          nodes        list a device's nodes (XEP-0326): the ids readout and control address
          readout      read sensor data out of a device (XEP-0323): a table, or JSON lines
          control      set a device's control parameters, or print its control form (XEP-0325)
          dr           demand response: a device's state (dr status), or publish a grid event to a program (dr event)
          rules        an owner's provisioning rules (XEP-0324): who may befriend, read or control your devices
          qr           print the device's claim string and QR code again (thing registry, XEP-0347), from its data directory
          claim        claim a device as its owner with its claim string (iotdisco:…; thing registry, XEP-0347)
          things       search the thing registry: edge things search MAN=acme 'V>=2'
          disown       give up a device you own (it registers again with a new KEY)
          remove       remove a device you own from the thing registry
          --version    print the version (and whether this is the NativeAOT build)
          doctor       check the configuration, clock, data directory, device files and server, and say what to fix
          hw           read a hardware profile and print live readings in a table (wiring check, no server needed)
          help         this text
        """;

    private const string RunHelp = """
        edge run [--config FILE] [--set Key=Value ...] [--duration S]

          Runs the agent. Configuration: appsettings.json beside the executable, then --config FILE,
          then environment variables (Xmpp__Password=..., Agent__SampleInterval=00:00:02 ...), then --set Key=Value
          (e.g. --set Xmpp:Port=5223). Invalid settings (a value of the wrong type, a JSON file that does not parse or
          is missing) are listed, each by key or by file, line and position, and the agent exits with code 2.
          Exit code 3: the server refused our credentials or certificate, or first boot's account (retrying would
          not help).
          Exit code 1: a fatal error stopped the agent (logged at Critical); systemd's Restart=on-failure restarts it.
          The password: Xmpp:Password, else the first line of the file Xmpp:PasswordFile, else the systemd
          credential xmpp-password ($CREDENTIALS_DIRECTORY/xmpp-password), else first boot: the agent registers
          Xmpp:Jid on the server itself (XEP-0077) and keeps the password in Agent:DataDirectory/credentials.json.

          --config FILE      an extra JSON settings file
          --set KEY=VALUE    override one setting (repeatable)
          --duration S       stop after S seconds
        """;

    private const string HwHelp = """
        edge hw [--profile FILE] [--interval S] [--cycles N] [--data DIR]

          Reads every sensor of a hardware profile and prints a live table. No server needed.

          --profile FILE     hardware profile JSON (default: hardware/profiles/sim.json)
          --interval S       seconds between refreshes (default 1)
          --cycles N         print N tables and exit (default: until Ctrl-C)
          --data DIR         where pulse counts are kept (default: a temp folder)
        """;

    public static async Task<int> Main(string[] args)
    {
        var verb = args.Length == 0 ? "help" : args[0];
        var rest = args.Skip(1).ToArray();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                Console.WriteLine(verb switch
                {
                    "run" => RunHelp,
                    "fleet" => FleetCommand.Help,
                    "subscribe" => SubscribeCommand.Help + ClientArguments.Help,
                    "nodes" => NodesCommand.Help + DeviceSession.Help + ClientArguments.Help,
                    "readout" => ReadoutCommand.Help + DeviceSession.Help + ClientArguments.Help,
                    "control" => ControlCommand.Help + DeviceSession.Help + ClientArguments.Help,
                    "dr" => DrCommand.Help + DeviceSession.Help + ClientArguments.Help,
                    "hw" => HwHelp,
                    "qr" => QrCommand.Help,
                    "claim" => OwnerCommands.ClaimHelp + RegistrySession.Help + ClientArguments.Help,
                    "things" => ThingsCommand.Help + ThingSearchSyntax.Help + RegistrySession.Help + ClientArguments.Help,
                    "disown" => OwnerCommands.DisownHelp + RegistrySession.Help + ClientArguments.Help,
                    "remove" => OwnerCommands.RemoveHelp + RegistrySession.Help + ClientArguments.Help,
                    "doctor" => DoctorCommand.Help,
                    "rules" => RulesCommand.Help + ClientArguments.Help,
                    _ => Usage,
                });
                return 0;
            }

            return verb switch
            {
                "run" => await RunAsync(new CommandLine(rest, new HashSet<string>()), cancel.Token).ConfigureAwait(false),
                "fleet" => await FleetCommand.RunAsync(new CommandLine(rest, FleetCommand.Flags), Console.Error, cancel.Token).ConfigureAwait(false),
                "subscribe" => await SubscribeCommand.RunAsync(new CommandLine(rest, new HashSet<string> { "json" }), Console.Out, Console.Error, cancel.Token)
                    .ConfigureAwait(false),
                "nodes" => await NodesCommand.RunAsync(new CommandLine(rest, new HashSet<string> { "json" }), Console.Out, Console.Error, cancel.Token)
                    .ConfigureAwait(false),
                "readout" => await ReadoutCommand.RunAsync(new CommandLine(rest, new HashSet<string> { "json" }), Console.Out, Console.Error, cancel.Token)
                    .ConfigureAwait(false),
                "control" => await ControlCommand.RunAsync(new CommandLine(rest, ControlCommand.Flags), Console.Out, Console.Error, cancel.Token)
                    .ConfigureAwait(false),
                "dr" => await DrCommand.RunAsync(rest, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false),
                "hw" => await HardwareAsync(new CommandLine(rest, new HashSet<string>()), cancel.Token).ConfigureAwait(false),
                "rules" => await RulesCommand.RunAsync(rest, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false),
                "qr" => QrCommand.Run(new CommandLine(rest, new HashSet<string>()), Console.Out, Console.Error),
                "claim" => await OwnerCommands.ClaimAsync(new CommandLine(rest, OwnerCommands.Flags), Console.Out, Console.Error, cancel.Token).ConfigureAwait(false),
                "things" => await ThingsCommand.RunAsync(rest, Console.Out, Console.Error, cancel.Token).ConfigureAwait(false),
                "disown" => await OwnerCommands.DisownAsync(new CommandLine(rest, OwnerCommands.Flags), Console.Out, Console.Error, cancel.Token).ConfigureAwait(false),
                "remove" => await OwnerCommands.RemoveAsync(new CommandLine(rest, OwnerCommands.Flags), Console.Out, Console.Error, cancel.Token).ConfigureAwait(false),
                "doctor" => await DoctorCommand.RunAsync(new CommandLine(rest, new HashSet<string> { "offline" }), Console.Out, cancel.Token)
                    .ConfigureAwait(false),
                "exi" => throw new CommandLineException("the EXI tool moved to the gateway: edge-gateway exi encode|decode|compile (edge-gateway exi --help)."),
                "help" or "--help" or "-h" => PrintUsage(),
                "version" or "--version" => PrintVersion(),
                _ => throw new CommandLineException($"Unknown verb '{verb}'."),
            };
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync($"edge {verb}: {e.Message}\n(see: edge {verb} --help)").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>
    /// "edge VERSION (JIT)", or "edge VERSION (NativeAOT) build-id HEX": the id finds the symbols that resolve a logged
    /// exception's frames (Internal/BuildId.cs).
    /// </summary>
    internal static string VersionLine =>
        "edge " + Edge.Agent.Iot.AgentThingProvider.SoftwareVersion
        + (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? " (JIT)" : " (NativeAOT)")
        + (Internal.BuildId.OfThisProcess is { } id ? " build-id " + id : string.Empty);

    private static int PrintVersion()
    {
        Console.WriteLine(VersionLine);
        return 0;
    }

    private static int PrintUsage()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    private static async Task<int> RunAsync(CommandLine cl, CancellationToken cancellationToken)
    {
        cl.RejectUnknown("config", "set", "duration");
        var overrides = cl.Settings();

        var duration = cl.Int("duration", 1, int.MaxValue);

        // Before anything uses the thread pool: one worker (AgentThreadPool says why).
        _ = AgentThreadPool.UseOneWorker();

        // Before anything is written: every file the agent creates is 0600, every directory 0700. Set here, not in
        // AgentHost.Build, so test processes that build agents in-process keep their own umask.
        PrivateFiles.SetUmask(PrivateFiles.PrivateUmask);

        // Two malloc arenas for the agent, set before the host starts its threads (measured: see the method and README
        // "Memory budget"); MALLOC_ARENA_MAX in the environment, when set, is the operator's choice and stays.
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            _ = Edge.Agent.Internal.Posix.LimitMallocArenas(2);
        }

        using var host = AgentHost.Build(cl.Value("config"), overrides, out var errors);
        if (host is null)
        {
            await Console.Error.WriteLineAsync("edge run: invalid configuration:").ConfigureAwait(false);
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("  " + error).ConfigureAwait(false);
            }

            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is not null)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(duration.Value));
        }

        // systemctl stop: SIGTERM stops the agent as Ctrl-C does (Main's CancelKeyPress: SIGINT, SIGQUIT), the services
        // in the reverse order of their start, instead of the runtime's default of ending the process at once.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        return await AgentRun.RunAsync(host, stop.Token).ConfigureAwait(false);
    }

    private static async Task<int> HardwareAsync(CommandLine cl, CancellationToken cancellationToken)
    {
        cl.RejectUnknown("profile", "interval", "cycles", "data");
        var path = cl.Value("profile") ?? "hardware/profiles/sim.json";
        var resolved = AgentOptions.ResolvePath(path) ?? throw new CommandLineException($"Hardware profile '{path}' not found.");
        HardwareProfile profile;
        try
        {
            profile = HardwareProfile.Load(resolved);
        }
        catch (ProfileException e)
        {
            throw new CommandLineException($"Hardware profile '{path}': {e.Message}", e);
        }

        var data = cl.Value("data") ?? Path.Combine(Path.GetTempPath(), "edge-hw-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var set = HardwareFactory.Create(profile, new HardwareFactoryOptions { DataDirectory = data });
        var interval = TimeSpan.FromSeconds(cl.Int("interval", 1, 3600) ?? 1);
        await LiveTable.RunAsync(set, Console.Out, interval, cl.Int("cycles", 1, int.MaxValue), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
