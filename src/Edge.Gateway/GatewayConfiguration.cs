using Edge.Hosting;
using Microsoft.Extensions.Configuration;

namespace Edge.Gateway;

/// <summary>
/// Loads <c>gateway.json</c> (beside the executable), then <c>--config FILE</c>, then environment variables
/// (<c>Gateway__Server__Domain=…</c>), then <c>--set Key=Value</c>, and binds section <c>Gateway</c>
/// (<see cref="HostSettings"/>: every fault named, never an exception).
/// </summary>
internal static class GatewayConfiguration
{
    public static (GatewayOptions Options, IConfiguration Configuration) Load(string baseDirectory, string? configFile,
        IReadOnlyDictionary<string, string?> overrides, List<string> errors) =>
        HostSettings.Load<GatewayOptions>(baseDirectory, "gateway.json", "Gateway", configFile, overrides, errors,
            static (configuration, options) => configuration.GetSection("Gateway").Bind(options));
}
