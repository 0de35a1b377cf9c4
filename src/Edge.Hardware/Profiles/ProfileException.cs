namespace Edge.Hardware.Profiles;

/// <summary>A hardware or meter profile is invalid; <see cref="Key"/> is the JSON path of the bad key.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException()
    {
    }

    public ProfileException(string message)
        : base(message)
    {
    }

    public ProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProfileException(string source, string key, string problem)
        : base($"{source}: {key}: {problem}")
    {
        Key = key;
    }

    /// <summary>The JSON path of the offending key, e.g. <c>sensors[2].address</c>.</summary>
    public string? Key { get; }
}
