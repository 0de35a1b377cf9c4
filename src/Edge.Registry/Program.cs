using Edge.Hosting;
using Edge.Xmpp;
using Microsoft.Extensions.Logging;

namespace Edge.Registry;

/// <summary>The <c>edge-registry</c> executable: the XEP-0347 thing registry as an XEP-0114 component.</summary>
internal static class Program
{
    private const string Help = """
        edge-registry [--config FILE] [--set Key=Value ...]

          Runs the thing registry (XEP-0347) as an external component (XEP-0114) of a Prosody or ejabberd server.
          Configuration: registry.json beside the executable, then --config FILE, then environment variables
          (Registry__Component__Secret=...), then --set Key=Value (e.g. --set Registry:Component:Port=5347).
          Exit codes: 0 stopped (SIGTERM, Ctrl-C); 2 invalid configuration (every bad key listed);
          3 the server refused the component (secret, name); 1 a fatal error (logged at Critical).

          --config FILE      an extra JSON settings file
          --set KEY=VALUE    override one setting (repeatable)
          --version          print the version (and whether this is the NativeAOT build)
        """;

    public static Task<int> Main(string[] args) => HostProgram.RunAsync("edge-registry", Help, args,
        (configFile, overrides, errors) => RegistryConfiguration.Load(AppContext.BaseDirectory, configFile, overrides, errors),
        options => options.Validate(),
        (options, loggerFactory) => new RegistryHost(options, loggerFactory),
        (host, cancellationToken) => host.StartAsync(cancellationToken),
        ExitCodeOf,
        Log.Failed);

    private static int? ExitCodeOf(Exception e, RegistryOptions options, ILogger logger)
    {
        if (e is XmppConnectionException refused && !XmppClient.IsTransient(refused))
        {
            Log.Refused(logger, refused.Message);
            return 3;
        }

        return null;
    }
}
