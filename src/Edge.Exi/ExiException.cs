namespace Edge.Exi;

/// <summary>
/// An EXI stream could not be encoded or decoded: malformed or truncated input, an impossible event code, a
/// string-table index out of range, a length beyond the configured bounds, or an unsupported feature.
/// </summary>
public sealed class ExiException : Exception
{
    public ExiException()
        : this("EXI error.")
    {
    }

    public ExiException(string message)
        : this(message, -1)
    {
    }

    public ExiException(string message, Exception innerException)
        : base(message, innerException)
    {
        BitOffset = -1;
    }

    public ExiException(string message, long bitOffset)
        : base(bitOffset >= 0 ? $"{message} (at bit {bitOffset})" : message)
    {
        BitOffset = bitOffset;
    }

    public ExiException(string message, long bitOffset, Exception innerException)
        : base(bitOffset >= 0 ? $"{message} (at bit {bitOffset})" : message, innerException)
    {
        BitOffset = bitOffset;
    }

    /// <summary>Gets the bit offset in the EXI input where decoding failed, or -1 when it does not apply.</summary>
    public long BitOffset { get; }
}
