using Edge.Agent.Provisioning;
using Edge.Iot.Discovery;

namespace Edge.Integration.Tests.Provisioning;

/// <summary>
/// The data directory of an agent under a provisioning test (deleted with this object), the settings that point the
/// agent at it with provisioning on, and what the tests read back: the state the agent keeps in
/// <c>provisioning.json</c>, waited for by state.
/// </summary>
internal sealed class ProvisioningData : IDisposable
{
    /// <summary>How long a state change may take to reach the file.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private ProvisioningData(string directory, Dictionary<string, string?> settings)
    {
        Directory = directory;
        Settings = settings;
    }

    /// <summary>The agent's <c>Agent:DataDirectory</c>.</summary>
    public string Directory { get; }

    /// <summary>The agent's <c>provisioning.json</c>.</summary>
    public string StateFile => Path.Combine(Directory, ProvisioningState.FileName);

    /// <summary>The agent's settings: the data directory, provisioning on, and those given (a test may change them between starts).</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>A new, empty data directory named <paramref name="prefix"/>…, and these settings on top of it.</summary>
    public static ProvisioningData Create(string prefix, params (string Key, string? Value)[] settings)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        var all = new Dictionary<string, string?>
        {
            ["Agent:DataDirectory"] = directory,
            ["Agent:Provisioning:Enabled"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new ProvisioningData(directory, all);
    }

    /// <summary>Waits until <c>provisioning.json</c> says <paramref name="state"/>, and returns it.</summary>
    public Task<ProvisioningState> WaitForStateAsync(string state) => WaitForStateAsync(StateFile, state);

    /// <summary>Waits until the agent has registered, and returns the claim string it wrote, parsed.</summary>
    public async Task<(ProvisioningState Registered, ClaimUri Claim)> WaitForClaimAsync()
    {
        var registered = await WaitForStateAsync(ProvisioningState.Registered);
        Assert.IsTrue(ClaimUri.TryParse(registered.ClaimUri, out var claim, out var error), error);
        return (registered, claim);
    }

    /// <summary>Waits until <c>provisioning.json</c> satisfies <paramref name="condition"/> (<paramref name="what"/> names it in a failure).</summary>
    public Task WaitUntilAsync(Func<ProvisioningState, bool> condition, string what) =>
        Clients.WaitUntilAsync(() => ProvisioningState.TryLoad(StateFile, out var state, out _) && condition(state), Wait, what);

    /// <summary>Waits until the <c>provisioning.json</c> at <paramref name="file"/> says <paramref name="state"/>, and returns it.</summary>
    public static async Task<ProvisioningState> WaitForStateAsync(string file, string state)
    {
        ProvisioningState? found = null;
        await Clients.WaitUntilAsync(() => ProvisioningState.TryLoad(file, out found, out _) && found.State == state, Wait,
            $"provisioning.json to say {state}");
        return found!;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
