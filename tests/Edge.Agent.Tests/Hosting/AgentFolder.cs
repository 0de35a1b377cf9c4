namespace Edge.Agent.Tests.Hosting;

/// <summary>
/// A temporary folder for one agent under test: a content root with a valid appsettings.json (or a broken one),
/// a simulated hardware profile, and the overrides that make a configuration valid without a server.
/// </summary>
internal sealed class AgentFolder : IDisposable
{
    // One simulated DS18B20 (its simulated w1 tree lives in a temp folder of its own).
    private const string Profile = """
        { "name": "test", "simulated": true,
          "sensors": [ { "id": "cabinet", "kind": "ds18b20", "device": "28-00000a1b2c3d" } ],
          "relays": [] }
        """;

    public AgentFolder()
    {
        Root = Directory.CreateTempSubdirectory("edge-agent-test-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(Root, "appsettings.json"));
        ProfilePath = Write("profile.json", Profile);
        DataDirectory = Path.Combine(Root, "data");
    }

    public string Root { get; }

    public string ProfilePath { get; }

    public string DataDirectory { get; }

    /// <summary>Settings that make the default configuration valid: a password, the test profile, a server nobody listens on.</summary>
    public Dictionary<string, string?> ValidOverrides() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Xmpp:Password"] = "test-secret",
        ["Xmpp:Host"] = "127.0.0.1",
        ["Xmpp:Port"] = "1",
        ["Agent:HardwareProfile"] = ProfilePath,
        ["Agent:DataDirectory"] = DataDirectory,
    };

    /// <summary><c>edge run</c> with <see cref="ValidOverrides"/> as <c>--set</c> options, then <paramref name="args"/>.</summary>
    public List<string> RunArguments(params string[] args)
    {
        var all = new List<string> { "run" };
        foreach (var (key, value) in ValidOverrides())
        {
            all.Add("--set");
            all.Add($"{key}={value}");
        }

        all.AddRange(args);
        return all;
    }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
