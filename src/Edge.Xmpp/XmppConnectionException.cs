namespace Edge.Xmpp;

/// <summary>The session failed or could not be established. <see cref="Failure"/> says how.</summary>
public class XmppConnectionException : XmppException
{
    public XmppConnectionException()
    {
    }

    public XmppConnectionException(string message)
        : base(message)
    {
    }

    public XmppConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public XmppConnectionException(ConnectionFailure failure, string message, Exception? innerException = null,
        string? condition = null)
        : base(message, innerException)
    {
        Failure = failure;
        Condition = condition;
    }

    public ConnectionFailure Failure { get; }

    /// <summary>The stream-error or SASL failure condition, when there is one (e.g. <c>not-authorized</c>).</summary>
    public string? Condition { get; }

    /// <summary>Whether trying again later can succeed without a configuration change.</summary>
    public bool IsTransient => Failure is ConnectionFailure.Socket or ConnectionFailure.StreamError
        && Condition is not ("not-authorized" or "host-unknown" or "conflict" or "policy-violation");
}
