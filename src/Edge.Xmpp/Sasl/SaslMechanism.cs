namespace Edge.Xmpp.Sasl;

/// <summary>
/// A client-side SASL mechanism: produces the initial response and answers each challenge. The server's final
/// data (SCRAM's <c>v=</c>) is checked by <see cref="VerifySuccess"/>; a mismatch means the server does not know
/// the password, so the connection must not be trusted.
/// </summary>
public abstract class SaslMechanism
{
    public abstract string Name { get; }

    public abstract byte[] InitialResponse();

    public abstract byte[] Challenge(ReadOnlySpan<byte> challenge);

    public abstract void VerifySuccess(ReadOnlySpan<byte> additionalData);

    /// <summary>
    /// Picks the strongest mechanism we support among those the server offers: SCRAM-SHA-256, then SCRAM-SHA-1,
    /// then PLAIN (only when the stream is encrypted). Null when none fits.
    /// </summary>
    public static SaslMechanism? Select(IReadOnlyCollection<string> offered, string user, string password, bool encrypted)
    {
        ArgumentNullException.ThrowIfNull(offered);
        if (offered.Contains("SCRAM-SHA-256"))
        {
            return new ScramMechanism(ScramMechanism.Sha256, user, password);
        }

        if (offered.Contains("SCRAM-SHA-1"))
        {
            return new ScramMechanism(ScramMechanism.Sha1, user, password);
        }

        return encrypted && offered.Contains("PLAIN") ? new PlainMechanism(user, password) : null;
    }
}
