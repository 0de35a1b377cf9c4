using Edge.Hosting;
using Microsoft.Extensions.Configuration;

namespace Edge.Registry;

/// <summary>
/// Loads <c>registry.json</c> (beside the executable), then <c>--config FILE</c>, then environment variables
/// (<c>Registry__Component__Secret=…</c>), then <c>--set Key=Value</c>, and binds section <c>Registry</c>
/// (<see cref="HostSettings"/>: every fault named, never an exception; the secret never quoted).
/// </summary>
internal static class RegistryConfiguration
{
    public static (RegistryOptions Options, IConfiguration Configuration) Load(string baseDirectory, string? configFile,
        IReadOnlyDictionary<string, string?> overrides, List<string> errors) =>
        HostSettings.Load<RegistryOptions>(baseDirectory, "registry.json", "Registry", configFile, overrides, errors,
            static (configuration, options) => configuration.GetSection("Registry").Bind(options));
}
