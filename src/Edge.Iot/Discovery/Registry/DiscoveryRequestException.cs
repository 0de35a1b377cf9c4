namespace Edge.Iot.Discovery.Registry;

/// <summary>A request the registry will not take as sent (answered <c>modify/not-acceptable</c> with this message).</summary>
public sealed class DiscoveryRequestException : Exception
{
    public DiscoveryRequestException()
    {
    }

    public DiscoveryRequestException(string message)
        : base(message)
    {
    }

    public DiscoveryRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
