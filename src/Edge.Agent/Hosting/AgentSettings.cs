using Edge.Hardware.Profiles;
using Edge.Xmpp;
using Microsoft.Extensions.Configuration;

namespace Edge.Agent.Hosting;

/// <summary>
/// The agent's configuration loaded, bound and validated, with no side effect on the device (nothing created or
/// chmodded): what <c>edge run</c> builds its host from (<see cref="AgentHost.Build(string, string?, IReadOnlyDictionary{string, string?}, out IReadOnlyList{string})"/>)
/// and what <c>edge doctor</c> checks. Sources in order: appsettings.json in the content root, the optional
/// <c>--config</c> file, environment variables, <c>--set Key=Value</c>.
/// </summary>
internal sealed class AgentSettings
{
    private AgentSettings(ServiceHostBuilder builder, XmppClientOptions xmpp, AgentOptions agent, HardwareProfile? profile,
        bool noPassword, bool bound, IReadOnlyList<string> errors)
    {
        Bound = bound;
        Builder = builder;
        Xmpp = xmpp;
        Agent = agent;
        Profile = profile;
        NoPassword = noPassword;
        Errors = errors;
    }

    public ServiceHostBuilder Builder { get; }

    /// <summary>The XMPP options, the password resolved (<see cref="XmppPassword"/>) unless <see cref="NoPassword"/>.</summary>
    public XmppClientOptions Xmpp { get; }

    public AgentOptions Agent { get; }

    /// <summary>The hardware profile; null when the configuration has errors or the profile does not load.</summary>
    public HardwareProfile? Profile { get; }

    /// <summary>No password is configured anywhere: first boot registers the account (or has, in credentials.json).</summary>
    public bool NoPassword { get; }

    /// <summary>
    /// Every configuration source loaded and was bound (bad values aside); false when a file is missing or is not JSON,
    /// and then <see cref="Xmpp"/> and <see cref="Agent"/> hold defaults, not what the device is configured with.
    /// </summary>
    public bool Bound { get; }

    /// <summary>Every problem found, each naming its key or file; empty when the agent can start.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The data directory as an absolute path.</summary>
    public string DataDirectory => Path.GetFullPath(Agent.DataDirectory);

    public static AgentSettings Load(string contentRoot, string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        var list = new List<string>();
        var builder = AgentConfiguration.CreateBuilder(contentRoot, configFile, overrides, list);
        var xmpp = new XmppClientOptions();
        var agent = new AgentOptions();
        var noPassword = false;
        var bound = list.Count == 0;
        if (bound) // with a file unreadable, the keys it held would be reported missing: confusing
        {
            AgentConfiguration.Bind(builder.Configuration, "Xmpp", xmpp, static (s, o) => s.Bind(o), list);
            AgentConfiguration.Bind(builder.Configuration, AgentOptions.Section, agent, static (s, o) => s.Bind(o), list);
            // The binder reports a deadband value that does not convert; CheckDeadbands also what the binder ignores
            // (a misspelt setting). One message per key.
            foreach (var error in AgentConfiguration.CheckDeadbands(builder.Configuration.GetSection("Agent:Reporting:Deadbands")))
            {
                var key = error[..Math.Max(0, error.IndexOf(' ', StringComparison.Ordinal))];
                if (!list.Exists(e => e.StartsWith(key + " ", StringComparison.Ordinal)))
                {
                    list.Add(error);
                }
            }

            noPassword = XmppPassword.Resolve(builder.Configuration, xmpp, Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY"), list);
            list.AddRange(xmpp.Validate(requirePassword: !noPassword)); // no password: first boot makes the account
            list.AddRange(agent.Validate());
        }

        HardwareProfile? profile = null;
        if (list.Count == 0)
        {
            try
            {
                profile = HardwareProfile.Load(AgentOptions.ResolvePath(agent.HardwareProfile)!);
            }
            catch (ProfileException e)
            {
                list.Add($"Agent:HardwareProfile '{agent.HardwareProfile}': {e.Message}");
            }
        }

        return new AgentSettings(builder, xmpp, agent, profile, noPassword, bound, list);
    }
}
