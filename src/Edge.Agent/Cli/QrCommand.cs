using Edge.Agent.Hosting;
using Edge.Agent.Provisioning;

namespace Edge.Agent.Cli;

/// <summary>
/// <c>edge qr</c>: the device's claim string and its QR code again, from <c>provisioning.json</c> in the data
/// directory (no connection), for a technician labelling or handing over a device.
/// </summary>
internal static class QrCommand
{
    public const string Help = """
        edge qr [--config FILE] [--set Key=Value ...] [--data DIR]

          Prints the claim string (the iotdisco: URI the owner presents to the thing registry, XEP-0347) and its QR
          code, as stored by the agent at its registration in Agent:DataDirectory/provisioning.json, and says who
          claimed the device if it is claimed. No connection is made. The QR code for label printing is the file
          claim-qr.svg beside it. Exit code 1: the device has not registered yet (Agent:Provisioning:Enabled).

          --config FILE      the agent's extra JSON settings file (for Agent:DataDirectory)
          --set KEY=VALUE    override one setting (repeatable)
          --data DIR         the data directory itself (instead of Agent:DataDirectory)
        """;

    public static int Run(CommandLine cl, TextWriter output, TextWriter error)
    {
        cl.RejectUnknown("config", "set", "data");
        var directory = cl.Value("data") ?? DataDirectory(cl);
        var path = Path.Combine(Path.GetFullPath(directory), ProvisioningState.FileName);
        if (!ProvisioningState.TryLoad(path, out var state, out var reason))
        {
            error.WriteLine($"edge qr: {path} {reason}: the device has not registered in a thing registry yet (Agent:Provisioning:Enabled).");
            return 1;
        }

        if (state.IsOwned)
        {
            output.WriteLine($"claimed by {state.Owner}" + (state.State == ProvisioningState.Removed ? " (removed from the registry)" : string.Empty)
                + $" at {state.Registry}: the claim string below is used up.");
        }

        if (state.ClaimUri is not { Length: > 0 } uri)
        {
            error.WriteLine($"edge qr: {path} holds no claim string yet: the registration has not completed.");
            return 1;
        }

        output.WriteLine(uri);
        output.Write(ClaimQr.ToText(uri));
        var svg = Path.Combine(Path.GetDirectoryName(path)!, ClaimQr.SvgFileName);
        if (File.Exists(svg))
        {
            output.WriteLine($"QR code for label printing: {svg}");
        }

        return 0;
    }

    private static string DataDirectory(CommandLine cl)
    {
        var overrides = cl.Settings();

        var errors = new List<string>();
        var builder = AgentConfiguration.CreateBuilder(AppContext.BaseDirectory, cl.Value("config"), overrides, errors);
        if (errors.Count > 0)
        {
            throw new CommandLineException(string.Join("; ", errors));
        }

        return builder.Configuration[AgentOptions.Section + ":DataDirectory"] is { Length: > 0 } d ? d : new AgentOptions().DataDirectory;
    }
}
