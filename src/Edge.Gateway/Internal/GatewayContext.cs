using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Internal;

/// <summary>What every device session shares: the options, the gateway's certificate, the logger, the counters, the EXI store.</summary>
internal sealed class GatewayContext(GatewayOptions options, X509Certificate2 certificate, ILogger logger, GatewayCounters counters, ExiStore exi)
{
    public GatewayOptions Options => options;

    public X509Certificate2 Certificate => certificate;

    public ILogger Logger => logger;

    public GatewayCounters Counters => counters;

    /// <summary>The EXI schema set and quick-setup configurations (XEP-0322), shared by every device.</summary>
    public ExiStore Exi => exi;

    public string Domain => options.Server.Domain;
}
