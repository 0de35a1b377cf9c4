using System.Globalization;
using Edge.Agent.Cli;
using Edge.Agent.Provisioning;
using Edge.Integration.Tests.Interop;
using Edge.Integration.Tests.Registry;
using Edge.Iot.Discovery;
using Edge.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;
using RegistryProcess = Edge.Integration.Tests.Registry.RegistryProcessTests.RegistryProcess;

namespace Edge.Integration.Tests.Provisioning;

/// <summary>
/// Issue 11's whole flow with the real parts: the <c>edge-registry</c> executable as the server's component, a new
/// device given only the server's address and CA (no account: first boot creates it) finds the registry and
/// registers; the registry is SIGKILLed and restarted before the claim; the owner claims with <c>edge claim</c> and
/// the claim string the device wrote, finds it with <c>edge things search</c>, reads it out and controls it; the
/// registry is stopped and started again; <c>edge disown</c> makes the device register anew with a new KEY, which the
/// owner claims again while the old string is refused; an offline device cannot be disowned and an absent registry
/// is reported as such.
/// </summary>
[TestClass]
[DoNotParallelize] // one component name
public sealed class ClaimEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(300_000)]
    public async Task NewDevice_FirstBootToClaimedReadControlledDisownedAndClaimedAgain_RegistryKilledAndRestartedMidFlow()
    {
        var ct = TestContext.CancellationTokenSource.Token;
        await using var world = await RegistryFixture.StartAsync(ct);
        await world.StopHostAsync(); // the executable is the registry here
        var registryData = Path.Combine(Path.GetTempPath(), "edge-registry-" + Guid.NewGuid().ToString("N")[..12]);
        var user = "e2e-" + Guid.NewGuid().ToString("N")[..10];
        var device = $"{user}@{Server.Xmpp.Domain}";
        // Provisioning on, no registry named: it is found on the server.
        using var data = ProvisioningData.Create("edge-e2e-",
            ("Xmpp:Jid", device),
            ("Xmpp:Password", null), // first boot: XEP-0077
            ("Agent:PubSub:Service", string.Empty), // PEP: a new account administers no pubsub service
            ("Agent:Provisioning:Tags:SN", user),
            ("Agent:Provisioning:Tags:MAN", "Edge e2e"));
        var registry = await RegistryProcess.StartAsync(registryData, Server.Xmpp.ComponentSecret, ct);
        try
        {
            string firstUri;
            await using (var agent = await AgentUnderTest.StartAsync("e2e", data.Settings))
            {
                Assert.IsTrue(File.Exists(Path.Combine(data.Directory, "credentials.json")), "first boot made the account");
                firstUri = (await data.WaitForStateAsync(ProvisioningState.Registered)).ClaimUri!;
                Assert.AreEqual(Server.Xmpp.ComponentDomain, ClaimUri.TryParse(firstUri, out var parsed, out _) ? parsed.Registry?.ToString() : null);

                // A crash of the registry after it answered the registration: nothing lost.
                registry.Kill();
                registry.Dispose();
                registry = await RegistryProcess.StartAsync(registryData, Server.Xmpp.ComponentSecret, ct);

                var claim = await CliAsync(OwnerCommands.ClaimAsync, OwnerCommands.Flags, firstUri);
                Assert.AreEqual(0, claim.Exit, claim.Error);
                StringAssert.StartsWith(claim.Output, $"Claimed {device} in {Server.Xmpp.ComponentDomain} (public)");
                Assert.AreEqual(TestAccounts.BackendJid, (await data.WaitForStateAsync(ProvisioningState.Claimed)).Owner);

                var search = await CliAsync((cl, o, e, t) => ThingsCommand.RunAsync(["search", .. cl], o, e, t), $"SN={user}", "MAN~Edge*");
                Assert.AreEqual(0, search.Exit, search.Error);
                StringAssert.Contains(search.Output, $"{device}  {TestAccounts.BackendJid}");
                StringAssert.Contains(search.Output, "1 found");
                var json = await CliAsync((cl, o, e, t) => ThingsCommand.RunAsync(["search", .. cl], o, e, t), $"SN={user}", "--json");
                Assert.AreEqual(0, json.Exit, json.Error);
                var lines = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
                Assert.AreEqual(device, lines[0].GetProperty("thing").GetString());
                Assert.AreEqual("Edge e2e", lines[0].GetProperty("tags").GetProperty("MAN").GetString());
                Assert.IsFalse(lines[0].GetProperty("tags").TryGetProperty("KEY", out _), "never the KEY");
                Assert.IsFalse(lines[^1].GetProperty("more").GetBoolean());

                // The owner reads the device out and controls it.
                var readout = await CliAsync(ReadoutCommand.RunAsync, new HashSet<string> { "json" }, "--device", $"{device}/e2e",
                    "--node", "climate", "--kind", "momentary");
                Assert.AreEqual(0, readout.Exit, readout.Error);
                StringAssert.Contains(readout.Output, "Temperature");
                var heater = agent.Hardware.FindRelay("heater")!;
                var target = !heater.IsOn;
                var control = await CliAsync(ControlCommand.RunAsync, ControlCommand.Flags, "--device", $"{device}/e2e",
                    "--node", "heater", $"State={(target ? "true" : "false")}");
                Assert.AreEqual(0, control.Exit, control.Error);
                Assert.AreEqual(target, heater.IsOn);

                // A graceful restart of the registry, then disown: the device registers again with a new KEY.
                Assert.AreEqual(0, await registry.TerminateAsync(ct));
                registry.Dispose();
                registry = await RegistryProcess.StartAsync(registryData, Server.Xmpp.ComponentSecret, ct);
                var disown = await CliAsync(OwnerCommands.DisownAsync, OwnerCommands.Flags, device);
                Assert.AreEqual(0, disown.Exit, disown.Error);
                await Clients.WaitUntilAsync(() => agent.Host.Services.GetRequiredService<ThingRegistration>().Registrations == 2, Wait,
                    "the disowned device to register again");
                var again = await data.WaitForStateAsync(ProvisioningState.Registered);
                Assert.AreNotEqual(firstUri, again.ClaimUri, "a new KEY, a new claim string");

                var old = await CliAsync(OwnerCommands.ClaimAsync, OwnerCommands.Flags, firstUri);
                Assert.AreEqual(1, old.Exit);
                StringAssert.Contains(old.Error, "no unclaimed device with this claim string");
                var reclaim = await CliAsync(OwnerCommands.ClaimAsync, OwnerCommands.Flags, again.ClaimUri!, "--private");
                Assert.AreEqual(0, reclaim.Exit, reclaim.Error);
                await data.WaitForStateAsync(ProvisioningState.Claimed);
            }

            // The device is off: it cannot be disowned (the registry cannot tell it), and the owner is told why.
            var offline = await CliAsync(OwnerCommands.DisownAsync, OwnerCommands.Flags, device);
            Assert.AreEqual(1, offline.Exit, offline.Output);
            StringAssert.Contains(offline.Error, $"{device} is offline");

            // No registry attached: one line saying so, exit 3.
            Assert.AreEqual(0, await registry.TerminateAsync(ct));
            var absent = await CliAsync(OwnerCommands.RemoveAsync, OwnerCommands.Flags, device, "--registry", Server.Xmpp.ComponentDomain);
            Assert.AreEqual(3, absent.Exit, absent.Error);
            StringAssert.Contains(absent.Error, $"The thing registry {Server.Xmpp.ComponentDomain}");
            Assert.AreEqual(1, absent.Error.TrimEnd().Split('\n').Length, "one line: " + absent.Error);
        }
        finally
        {
            registry.Dispose();
            Directory.Delete(registryData, recursive: true);
        }
    }

    /// <summary>An owner's verb, in-process, as backend@ with the fixture's server and CA.</summary>
    private static Task<(int Exit, string Output, string Error)> CliAsync(
        Func<CommandLine, TextWriter, TextWriter, CancellationToken, Task<int>> verb, IReadOnlySet<string> flags, params string[] args) =>
        CliAsync((all, o, e, t) => verb(new CommandLine(all, flags), o, e, t), args);

    private static async Task<(int Exit, string Output, string Error)> CliAsync(
        Func<string[], TextWriter, TextWriter, CancellationToken, Task<int>> verb, params string[] args)
    {
        var server = Server.Xmpp;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        string[] all = [.. args, "--jid", TestAccounts.BackendJid, "--password", TestAccounts.BackendPassword,
            "--server", $"{server.Host}:{server.Port}", "--ca-file", server.CaFile, "--timeout", "20"];
        var exit = await verb(all, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
