using System.Text.Json.Nodes;
using Edge.Integration.Tests.Faults;
using Edge.Testing.Servers;
using Edge.Xmpp;

namespace Edge.Integration.Tests.DemandResponse;

/// <summary>
/// A reboot in the middle of a grid event: the real <c>edge run</c> process is SIGKILLed while its loads are shed and
/// started again. It must keep them shed (its relays come back at their fail-safe state, and the engine holds them from
/// its state file), and restore them on time after the event's end, inside the restore window — all seen from the
/// outside, by readouts.
/// </summary>
[TestClass]
public sealed class ProgramRestartTests
{
    private const string Ev = "ev-charger-enable";
    private const string Heater = "heater";

    [TestMethod]
    [Timeout(180_000)]
    public async Task AgentKilledMidEvent_RestartedStillShed_RestoredOnTimeAfterTheEnd()
    {
        using var rig = FaultRig.Create();
        AddRelays(rig.ProfilePath);
        string node = "dr-kill-" + Guid.NewGuid().ToString("N")[..8];
        _ = await DrBackend.PublishEventAsync(node, "--level", "0", "--duration", "1s", "--id", "create");
        var settings = rig.Settings("dr-kill", sampleInterval: "00:00:05");
        foreach (var (key, value) in DrBackend.Program(node, "feeder-7", restoreWindow: "00:00:03"))
        {
            settings[key] = value;
        }

        var device = Jid.Parse(TestAccounts.AgentJid + "/dr-kill");
        var first = AgentProcess.Start(settings);
        AgentProcess? second = null;
        try
        {
            await Clients.WaitUntilAsync(() => first.Logged("subscribed to " + node), TimeSpan.FromSeconds(60), "the agent to subscribe", () => first.Output);
            await DrBackend.SwitchAsync(device, Heater, true);
            await DrBackend.SwitchAsync(device, Ev, true);

            // The event's start is the publishing moment in whole seconds: its end is at the earliest this.
            DateTimeOffset end = DrBackend.WholeSeconds(DateTimeOffset.UtcNow).AddSeconds(45);
            _ = await DrBackend.PublishEventAsync(node, "--level", "3", "--duration", "45s", "--id", "e-kill");
            await WaitForAsync(device, v => v["device/ShedLoads"] == Ev + "," + Heater, TimeSpan.FromSeconds(10), "both loads shed before the kill");

            first.Kill();
            second = AgentProcess.Start(settings);
            await Clients.WaitUntilAsync(() => second.Logged("subscribed to " + node), TimeSpan.FromSeconds(60), "the restarted agent to subscribe", () => second.Output);
            var after = await DrBackend.ReadAsync(device, "device", Heater, Ev);
            Assert.IsTrue(DateTimeOffset.UtcNow < end, "the restart took longer than the event: the test proves nothing");
            Assert.AreEqual(Ev + "," + Heater, after["device/ShedLoads"], "still held after the restart");
            Assert.AreEqual("false", after[Heater + "/State"]);
            Assert.AreEqual("false", after[Ev + "/State"]);
            Assert.AreEqual("e-kill", after["device/DemandResponseEventId"], "the event survived the restart");

            await WaitForAsync(device, v => v[Heater + "/State"] == "true" && v[Ev + "/State"] == "true" && v["device/ShedLoads"].Length == 0,
                end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1 + 3 + 5), "both restored inside the window after the end");
            Assert.IsTrue(DateTimeOffset.UtcNow >= end, "not restored before the event's end");
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill();
            }

            if (second is { HasExited: false })
            {
                _ = await second.StopAsync(TimeSpan.FromSeconds(20));
            }

            first.Dispose();
            second?.Dispose();
        }
    }

    /// <summary>The sim's two managed relays, switchable at once, off when the process starts (fail-safe off).</summary>
    private static void AddRelays(string profilePath)
    {
        var profile = JsonNode.Parse(File.ReadAllText(profilePath))!.AsObject();
        profile["relays"] = new JsonArray(
            new JsonObject
            {
                ["id"] = Heater, ["pin"] = 22, ["activeLow"] = true,
                ["demandResponse"] = new JsonObject { ["shedPriority"] = 3, ["nominalWatts"] = 2000, ["cyclable"] = true },
            },
            new JsonObject
            {
                ["id"] = Ev, ["pin"] = 23, ["activeLow"] = true,
                ["demandResponse"] = new JsonObject { ["shedPriority"] = 0, ["nominalWatts"] = 7400 },
            });
        File.WriteAllText(profilePath, profile.ToJsonString());
    }

    private static async Task WaitForAsync(Jid device, Func<Dictionary<string, string>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        Dictionary<string, string> last = [];
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await DrBackend.ReadAsync(device, "device", Heater, Ev);
            if (condition(last))
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting for {what}: {string.Join(", ", last.Where(k => k.Key.EndsWith("State", StringComparison.Ordinal) || k.Key.Contains("Shed", StringComparison.Ordinal)).Select(k => k.Key + "=" + k.Value))}");
    }
}
