using System.Net.Sockets;
using Edge.Hosting;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway;

/// <summary>The <c>edge-gateway</c> executable: the EXI link gateway between devices and an unmodified XMPP server.</summary>
internal static class Program
{
    private const string Help = """
        edge-gateway [--config FILE] [--set Key=Value ...]
        edge-gateway exi encode|decode|compile ...   (edge-gateway exi --help)

          Takes devices' XMPP streams (STARTTLS and direct TLS, the gateway's own certificate) and relays each to the
          configured Prosody or ejabberd over an ordinary TLS XML stream; SASL passes through to the server.
          Configuration: gateway.json beside the executable, then --config FILE, then environment variables
          (Gateway__Server__Domain=...), then --set Key=Value (e.g. --set Gateway:Listen:Port=5222).
          Exit codes: 0 stopped (SIGTERM, Ctrl-C); 2 invalid configuration (every bad key listed);
          4 a port cannot be bound; 1 a fatal error (logged at Critical).

          --config FILE      an extra JSON settings file
          --set KEY=VALUE    override one setting (repeatable)
          --version          print the version (and whether this is the NativeAOT build)

          exi encode IN.xml OUT.exi / exi decode IN.exi OUT.xml   EXI 1.0 by hand, for captured traffic
          exi compile SCHEMA.xsd ...   write SCHEMA.xsd.exig beside each schema: the grammar file the agent (edge)
                                       needs for each of its Xmpp:Exi:SchemaFiles
        """;

    public static Task<int> Main(string[] args) => args.Length > 0 && args[0] == "exi"
        ? Task.FromResult(Edge.Exi.Tool.ExiCommand.Run(args[1..], Console.Out, Console.Error))
        : RunHostAsync(args);

    private static Task<int> RunHostAsync(string[] args) => HostProgram.RunAsync("edge-gateway", Help, args,
        (configFile, overrides, errors) => GatewayConfiguration.Load(AppContext.BaseDirectory, configFile, overrides, errors),
        options => options.Validate(),
        (options, loggerFactory) => new GatewayHost(options, loggerFactory),
        (host, cancellationToken) => host.StartAsync(cancellationToken),
        ExitCodeOf,
        Log.Failed);

    private static int? ExitCodeOf(Exception e, GatewayOptions options, ILogger logger)
    {
        switch (e)
        {
            case ArgumentException:
                Console.Error.WriteLine("edge-gateway: " + e.Message);
                return 2;
            case SocketException:
                Console.Error.WriteLine($"edge-gateway: cannot listen on {options.Listen.Address} ports {options.Listen.Port}/{options.Listen.DirectTlsPort}: {e.Message}");
                return 4;
            default:
                return null;
        }
    }
}
