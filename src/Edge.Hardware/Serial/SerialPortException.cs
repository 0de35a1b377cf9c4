namespace Edge.Hardware.Serial;

/// <summary>
/// A serial port could not be opened, set up, read or written. The message says what a technician can do about it
/// (plug the adapter in, join the <c>dialout</c> group, stop the other program that holds the port).
/// </summary>
public sealed class SerialPortException : IOException
{
    public SerialPortException()
    {
    }

    public SerialPortException(string message)
        : base(message)
    {
    }

    public SerialPortException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SerialPortException(string message, int errno)
        : base(message) => Errno = errno;

    /// <summary>The errno of the failed call (ENOENT, EACCES, EBUSY, EIO, …); 0 when no call failed.</summary>
    public int Errno { get; }
}
