using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Internal;

/// <summary>What every device session shares: the options, the gateway's certificate, the logger and the counters.</summary>
internal sealed class GatewayContext(GatewayOptions options, X509Certificate2 certificate, ILogger logger, GatewayCounters counters)
{
    public GatewayOptions Options => options;

    public X509Certificate2 Certificate => certificate;

    public ILogger Logger => logger;

    public GatewayCounters Counters => counters;

    public string Domain => options.Server.Domain;
}
