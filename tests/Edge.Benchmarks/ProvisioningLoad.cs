using Edge.Agent;
using Edge.Agent.Provisioning;
using Edge.Agent.Provisioning.Delegation;
using Edge.Iot;
using Edge.Iot.Discovery;
using Edge.Iot.Provisioning.Service;
using Edge.Registry;
using Edge.Testing.Prosody;
using Edge.Testing.Servers;
using Edge.Things;
using Edge.Xmpp;
using Edge.Xmpp.Component;
using Microsoft.Extensions.Logging.Abstractions;
using ThingNode = Edge.Things.ThingNode;
using ThingReference = Edge.Things.ThingReference;

namespace Edge.Benchmarks;

/// <summary>
/// <c>Edge.Benchmarks provisioning [--runs N] [--rules N]</c>: XEP-0324 decision latency on the device, through a
/// private Prosody and the registry host attached as its component (rules in SQLite, N rules of the owner). The device
/// is claimed; a stranger's readout decision is taken by the agent's <see cref="DelegatedAccessPolicy"/>:
/// <b>cold</b> = the cache emptied before each decision (a <c>canRead</c> round trip to the service, its SQLite lookups,
/// and the cache file rewritten and fsynced), <b>warm</b> = answered from the cache. The owner's decision (never asked)
/// for reference. Figures, never assertions.
/// </summary>
public static class ProvisioningLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = RegistryLoad.Option(args, "runs", 200);
        var ruleCount = RegistryLoad.Option(args, "rules", 100);
        var ct = CancellationToken.None;
        var root = Directory.CreateTempSubdirectory("edge-prov-bench-").FullName;
        try
        {
            await using var server = await ProsodyServer.StartAsync(ct);
            await using var registry = new RegistryHost(new RegistryOptions
            {
                Component = new XmppComponentOptions
                {
                    Domain = server.ComponentDomain, Secret = server.ComponentSecret, Host = server.Host, Port = server.ComponentPort,
                },
                DataDirectory = Path.Combine(root, "registry"),
            });
            await registry.StartAsync(ct);

            await using var device = new XmppClient(Options(server, TestAccounts.AgentJid, TestAccounts.AgentPassword, "bench-device"));
            await device.ConnectAsync(ct);
            await using var ownerClient = new XmppClient(Options(server, TestAccounts.BackendJid, TestAccounts.BackendPassword, "bench-owner"));
            await ownerClient.ConnectAsync(ct);
            var registryJid = Jid.Parse(server.ComponentDomain);
            List<MetaTag> tags = [MetaTag.String("SN", "BENCH-324"), MetaTag.String("KEY", Guid.NewGuid().ToString("N"))];
            await new DiscoveryClient(device, registryJid).RegisterAsync(new RegisterRequest(tags, Edge.Iot.Discovery.ThingNode.None), ct);
            await new DiscoveryClient(ownerClient, registryJid).ClaimAsync(new MineRequest(tags, Edge.Iot.Discovery.ThingNode.None), ct);

            var owner = Jid.Parse(TestAccounts.BackendJid);
            var store = registry.Provisioning.Store;
            for (var i = 0; i < ruleCount - 1; i++)
            {
                await store.AddAsync(new ProvisioningRule(0, owner, null, $"user{i}@elsewhere.example", RuleKind.Read, [], ["Temperature"]), ct);
            }

            await store.AddAsync(new ProvisioningRule(0, owner, null, TestAccounts.AdminJid, RuleKind.Read, [], ["Temperature", "Humidity"]), ct);

            var data = Directory.CreateDirectory(Path.Combine(root, "device")).FullName;
            new ProvisioningState { Registry = registryJid.ToString(), Key = "k", State = ProvisioningState.Claimed, Owner = owner.ToString() }
                .Save(Path.Combine(data, ProvisioningState.FileName));
            var policy = new DelegatedAccessPolicy(device, new AccessOptions(), new ProvisioningOptions(), data, TimeProvider.System, NullLogger.Instance);
            var node = new ThingNode(new ThingReference("climate"), "sensor");
            var stranger = new AccessRequest(Jid.Parse(TestAccounts.AdminJid + "/app"), IotOperation.Read, [node])
            {
                Types = ReadoutTypes.Momentary,
                FieldNames = ["Temperature", "Humidity", "Pressure"],
            };
            var ownerRequest = stranger with { Requester = Jid.Parse(TestAccounts.BackendJid + "/app") };

            async Task DecideAsync(AccessRequest request)
            {
                var decision = await policy.DecideAsync(request, ct);
                if (!decision.Allowed)
                {
                    throw new InvalidOperationException("the decision should be yes: " + request.Requester);
                }
            }

            Console.WriteLine($"XEP-0324 decisions on the device (Prosody, registry component, {ruleCount} rules of the owner, {runs} runs)");
            await RegistryLoad.LatencyAsync("cold cache: canRead round trip + SQLite + cache fsync", runs, () => DecideAsync(stranger), policy.Cache.Clear);
            await RegistryLoad.LatencyAsync("warm cache: answered from the cache", runs * 10, () => DecideAsync(stranger));
            await RegistryLoad.LatencyAsync("owner: always allowed, nothing asked", runs * 10, () => DecideAsync(ownerRequest));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static XmppClientOptions Options(ProsodyServer server, string jid, string password, string resource)
    {
        var o = new XmppClientOptions { Jid = jid, Password = password, Resource = resource, Host = server.Host, Port = server.Port, PingInterval = TimeSpan.Zero };
        o.Tls.CaFile = server.CaFile;
        return o;
    }
}
