using System.Security.Cryptography;
using System.Text;

namespace Edge.Xmpp.Sasl;

// SCRAM-SHA-1 is required for interoperability (RFC 6120 §13.8 mandates it); it is chosen only when the server offers
// nothing stronger. SHA-1 inside HMAC/PBKDF2 is not the collision-resistance use CA5350 warns about.
#pragma warning disable CA5350

/// <summary>
/// SCRAM (RFC 5802; SHA-256 per RFC 7677) without channel binding (gs2 header <c>n,,</c>).
/// </summary>
public sealed class ScramMechanism : SaslMechanism
{
    public const string Sha1 = "SHA-1";
    public const string Sha256 = "SHA-256";
    private const string Gs2Header = "n,,";

    private readonly string _hash;
    private readonly string _user;
    private readonly string _password;
    private readonly string _clientNonce;
    private string? _clientFirstBare;
    private byte[]? _expectedServerSignature;

    public ScramMechanism(string hash, string user, string password, string? clientNonce = null)
    {
        if (hash is not (Sha1 or Sha256))
        {
            throw new ArgumentException($"Unsupported SCRAM hash '{hash}'.", nameof(hash));
        }

        _hash = hash;
        _user = user;
        _password = password;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
    }

    public override string Name => "SCRAM-" + _hash;

    public override byte[] InitialResponse()
    {
        _clientFirstBare = "n=" + EscapeName(_user) + ",r=" + _clientNonce;
        return Encoding.UTF8.GetBytes(Gs2Header + _clientFirstBare);
    }

    public override byte[] Challenge(ReadOnlySpan<byte> challenge)
    {
        if (_clientFirstBare is null)
        {
            throw new InvalidOperationException("InitialResponse must be called first.");
        }

        var serverFirst = Encoding.UTF8.GetString(challenge);
        var attributes = Parse(serverFirst);
        if (!attributes.TryGetValue('r', out var nonce) || !attributes.TryGetValue('s', out var salt64)
            || !attributes.TryGetValue('i', out var iterationsText))
        {
            throw new XmppProtocolException($"Malformed SCRAM server-first-message: '{serverFirst}'.");
        }

        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new XmppProtocolException("The SCRAM server nonce does not extend the client nonce.");
        }

        if (!int.TryParse(iterationsText, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > 10_000_000)
        {
            throw new XmppProtocolException($"Unreasonable SCRAM iteration count '{iterationsText}'.");
        }

        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(salt64);
        }
        catch (FormatException e)
        {
            throw new XmppProtocolException("The SCRAM salt is not base64.", e);
        }

        var name = _hash == Sha256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), salt, iterations, name,
            _hash == Sha256 ? 32 : 20);
        var clientKey = Hmac(saltedPassword, "Client Key");
        var storedKey = _hash == Sha256 ? SHA256.HashData(clientKey) : SHA1.HashData(clientKey);
        var clientFinalWithoutProof = "c=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Gs2Header)) + ",r=" + nonce;
        var authMessage = _clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        var clientSignature = Hmac(storedKey, authMessage);
        var proof = new byte[clientKey.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ clientSignature[i]);
        }

        var serverKey = Hmac(saltedPassword, "Server Key");
        _expectedServerSignature = Hmac(serverKey, authMessage);
        return Encoding.UTF8.GetBytes(clientFinalWithoutProof + ",p=" + Convert.ToBase64String(proof));
    }

    public override void VerifySuccess(ReadOnlySpan<byte> additionalData)
    {
        if (_expectedServerSignature is null)
        {
            throw new XmppProtocolException("SCRAM succeeded before the exchange was complete.");
        }

        var attributes = Parse(Encoding.UTF8.GetString(additionalData));
        if (attributes.TryGetValue('e', out var error))
        {
            throw new XmppProtocolException($"SCRAM server error: {error}.");
        }

        if (!attributes.TryGetValue('v', out var verifier)
            || !CryptographicOperations.FixedTimeEquals(SafeBase64(verifier), _expectedServerSignature))
        {
            throw new XmppProtocolException("The server's SCRAM signature is wrong: it does not know our credentials.");
        }
    }

    private byte[] Hmac(byte[] key, string data) => _hash == Sha256
        ? HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data))
        : HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data));

    private static byte[] SafeBase64(string value)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static string EscapeName(string name) =>
        name.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    private static Dictionary<char, string> Parse(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                result[part[0]] = part[2..];
            }
        }

        return result;
    }
}
