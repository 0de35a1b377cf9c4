using BenchmarkDotNet.Running;

// "publish": the end-to-end publish load against a private Prosody; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "publish")
{
    return await Edge.Benchmarks.PublishLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "publish-stages")
{
    return Edge.Benchmarks.PublishStages.Run(args);
}

if (args.Length > 0 && args[0] == "readout")
{
    return await Edge.Benchmarks.ReadoutLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "replay")
{
    return await Edge.Benchmarks.Replay.ReplayLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "outbox-append")
{
    return await Edge.Benchmarks.Replay.OutboxAppendLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "steady")
{
    return await Edge.Benchmarks.Replay.SteadyLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "start")
{
    return await Edge.Benchmarks.Replay.StartupLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "dr-fleet")
{
    return await Edge.Benchmarks.DemandResponse.DrFleetLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "fleet")
{
    return await Edge.Benchmarks.Fleet.FleetLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "provisioning")
{
    return await Edge.Benchmarks.ProvisioningLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "exi-wire")
{
    return await Edge.Benchmarks.ExiWireLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "registry")
{
    return await Edge.Benchmarks.RegistryLoad.RunAsync(args);
}

if (args.Length > 0 && args[0] == "mstat")
{
    return Edge.Benchmarks.SizeReport.Run(args);
}

if (args.Length > 0 && args[0] == "smaps")
{
    return Edge.Benchmarks.SizeReport.Smaps(args);
}

if (args.Length > 0 && args[0] == "exi-grammar-cold")
{
    return Edge.Benchmarks.ExiGrammarBuildBenchmarks.Cold(args);
}

if (args.Length > 0 && args[0] == "gateway")
{
    return await Edge.Benchmarks.GatewayLoad.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Edge.Benchmarks.PublishLoad).Assembly).Run(args);
return 0;
