using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Edge.Agent.Cli;
using Edge.Iot.Control;
using Edge.Iot.SensorData;
using Edge.Testing.Servers;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.PubSub;

namespace Edge.Integration.Tests.DemandResponse;

/// <summary>
/// The utility's and the operator's side of the demand-response tests: <c>edge dr event</c> run as the server admin
/// (who may create the program node), readouts and control as the backend, and the program settings of the agents.
/// </summary>
internal static class DrBackend
{
    /// <summary><paramref name="time"/> cut to whole seconds, as <c>edge dr event</c> writes the start on the wire.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The sim's relays with no minimum times (switchable at once) and failing safe to off.</summary>
    public static void FastRelays(JsonObject profile)
    {
        foreach (var relay in profile["relays"]!.AsArray())
        {
            relay!["minOnSeconds"] = 0;
            relay["minOffSeconds"] = 0;
            relay["maxSwitchingsPerHour"] = 0;
        }
    }

    /// <summary>The program settings of an agent in group <paramref name="group"/> of <paramref name="node"/>.</summary>
    public static Dictionary<string, string?> Program(string node, string group, string restoreWindow = "00:00:03") => new()
    {
        ["Agent:DemandResponse:Program:Node"] = node,
        ["Agent:DemandResponse:Program:Service"] = Server.Xmpp.PubSubService,
        ["Agent:DemandResponse:Program:GroupIds:0"] = group,
        ["Agent:DemandResponse:RestoreWindow"] = restoreWindow,
    };

    /// <summary>Runs <c>edge dr event</c> as the server admin; returns its output. Fails the test on a non-zero exit.</summary>
    public static async Task<string> PublishEventAsync(string node, params string[] options)
    {
        var server = Server.Xmpp;
        var args = new List<string>
        {
            "--jid", TestAccounts.AdminJid, "--password", TestAccounts.AdminPassword,
            "--server", server.Host + ":" + server.Port.ToString(CultureInfo.InvariantCulture), "--ca-file", server.CaFile,
            "--service", server.PubSubService, "--node", node,
        };
        args.AddRange(options);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await DrCommand.EventAsync(new CommandLine(args, DrCommand.Flags), output, error, TimeProvider.System, CancellationToken.None);
        Assert.AreEqual(0, code, error.ToString());
        return output.ToString();
    }

    /// <summary>Publishes <paramref name="payload"/> as it is (hostile or malformed input) to the program node.</summary>
    public static async Task PublishRawAsync(string node, string itemId, XElement payload)
    {
        await using var admin = new XmppClient(Clients.Options(TestAccounts.AdminJid, TestAccounts.AdminPassword, "dr-raw-" + Guid.NewGuid().ToString("N")[..6]));
        await admin.ConnectAsync(CancellationToken.None);
        var answer = await new PubSubClient(admin).PublishAsync(Jid.Parse(Server.Xmpp.PubSubService), node, itemId, payload, null, CancellationToken.None);
        Assert.IsFalse(answer.IsError, answer.Stanza.ToString());
    }

    /// <summary>Runs <c>edge dr status</c> as the backend; returns (exit code, output).</summary>
    public static async Task<(int Code, string Output)> StatusAsync(Jid device)
    {
        var server = Server.Xmpp;
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await DrCommand.RunAsync(
            ["status", "--jid", TestAccounts.BackendJid, "--password", TestAccounts.BackendPassword,
             "--server", server.Host + ":" + server.Port.ToString(CultureInfo.InvariantCulture), "--ca-file", server.CaFile,
             "--device", device.ToString(), "--timeout", "20"],
            output, error, CancellationToken.None);
        return (code, output + error.ToString());
    }

    /// <summary>Reads the named fields of <paramref name="nodes"/> as the backend: field name (node/name) → value.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(Jid device, params string[] nodes)
    {
        await using var backend = new XmppClient(Clients.Backend("dr-read-" + Guid.NewGuid().ToString("N")[..6]));
        await backend.ConnectAsync(CancellationToken.None);
        var request = new ReadoutRequest(Random.Shared.Next(1, int.MaxValue), ReadoutTypes.Status | ReadoutTypes.Momentary,
            [.. nodes.Select(n => new ThingReference(n))]);
        var result = await new SensorDataClient(backend).ReadAsync(device, request, null, CancellationToken.None, TimeSpan.FromSeconds(20));
        Assert.AreEqual(ReadoutOutcome.Done, result.Outcome, result.Rejection?.ToString());
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in result.Readings.SelectMany(r => FieldRow.From(FieldsElement.Node(r))))
        {
            values[row.Node + "/" + row.Name] = row.Value ?? string.Empty;
        }

        return values;
    }

    /// <summary>Switches a relay of the device by XEP-0325, as the backend.</summary>
    public static async Task SwitchAsync(Jid device, string relay, bool on)
    {
        await using var backend = new XmppClient(Clients.Backend("dr-ctl-" + Guid.NewGuid().ToString("N")[..6]));
        await backend.ConnectAsync(CancellationToken.None);
        var result = await new ControlClient(backend).SetAsync(device, [new ThingReference(relay)], [ControlValue.Boolean("State", on)], CancellationToken.None);
        Assert.IsTrue(result.Succeeded, result.ToString());
    }

    /// <summary>Sets device settings by XEP-0325, as the backend.</summary>
    public static async Task SetAsync(Jid device, params ControlValue[] values)
    {
        await using var backend = new XmppClient(Clients.Backend("dr-set-" + Guid.NewGuid().ToString("N")[..6]));
        await backend.ConnectAsync(CancellationToken.None);
        var result = await new ControlClient(backend).SetAsync(device, [new ThingReference("device")], values, CancellationToken.None);
        Assert.IsTrue(result.Succeeded, result.ToString());
    }
}
