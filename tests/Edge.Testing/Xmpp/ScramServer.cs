using System.Security.Cryptography;
using System.Text;

namespace Edge.Testing.Xmpp;

// RFC 5802 §3 defines SCRAM-SHA-1 with SHA-1 inside HMAC and PBKDF2; this is the server half of that test exchange.
#pragma warning disable CA5350, CA5379

/// <summary>
/// The server side of SCRAM (RFC 5802 §3, §5; SHA-256 per RFC 7677), written from the RFC independently of the
/// client under test: derives the keys from the password, checks the client proof, and produces <c>v=</c>.
/// Defaults are the RFC 5802 §5 example's salt, iteration count and server nonce part.
/// </summary>
public sealed class ScramServer
{
    private readonly string _hash;
    private readonly string _user;
    private readonly string _serverNonce;
    private readonly byte[] _salt;
    private readonly int _iterations;
    private readonly byte[] _saltedPassword;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;

    public ScramServer(string hash, string user, string password, string serverNonce = "3rfcNHYJY1ZVvWVs7j",
        string saltBase64 = "QSXCR+Q6sek8bf92", int iterations = 4096)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (hash is not ("SHA-1" or "SHA-256"))
        {
            throw new ArgumentException($"Unsupported hash '{hash}'.", nameof(hash));
        }

        _hash = hash;
        _user = user;
        _serverNonce = serverNonce;
        _salt = Convert.FromBase64String(saltBase64);
        _iterations = iterations;
        _saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), _salt, iterations,
            hash == "SHA-1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, hash == "SHA-1" ? 20 : 32);
    }

    /// <summary>Takes client-first-message (<c>n,,n=user,r=…</c>) and returns server-first-message.</summary>
    public string ServerFirst(string clientFirst)
    {
        ArgumentNullException.ThrowIfNull(clientFirst);
        if (!clientFirst.StartsWith("n,,", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Expected gs2 header 'n,,' (no channel binding): '{clientFirst}'.");
        }

        _clientFirstBare = clientFirst[3..];
        var attributes = Parse(_clientFirstBare);
        if (attributes["n"] != _user)
        {
            throw new InvalidDataException($"Expected user '{_user}', got '{attributes["n"]}'.");
        }

        _nonce = attributes["r"] + _serverNonce;
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(_salt)},i={_iterations}";
        return _serverFirst;
    }

    /// <summary>Checks client-final-message; returns server-final-message (<c>v=…</c>), or null when the proof is wrong.</summary>
    public string? ServerFinal(string clientFinal)
    {
        ArgumentNullException.ThrowIfNull(clientFinal);
        var proofAt = clientFinal.LastIndexOf(",p=", StringComparison.Ordinal);
        var withoutProof = clientFinal[..proofAt];
        var attributes = Parse(withoutProof);
        if (attributes["c"] != "biws" || attributes["r"] != _nonce)
        {
            throw new InvalidDataException($"Unexpected client-final-message '{clientFinal}'.");
        }

        var authMessage = _clientFirstBare + "," + _serverFirst + "," + withoutProof;
        var clientKey = Hmac(_saltedPassword, "Client Key");
        var storedKey = Hash(clientKey);
        var clientSignature = Hmac(storedKey, authMessage);
        var proof = Convert.FromBase64String(clientFinal[(proofAt + 3)..]);
        if (proof.Length != clientSignature.Length)
        {
            return null;
        }

        var recoveredClientKey = new byte[proof.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            recoveredClientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        }

        if (!Hash(recoveredClientKey).AsSpan().SequenceEqual(storedKey))
        {
            return null;
        }

        return "v=" + Convert.ToBase64String(Hmac(Hmac(_saltedPassword, "Server Key"), authMessage));
    }

    private byte[] Hash(byte[] data) => _hash == "SHA-1" ? SHA1.HashData(data) : SHA256.HashData(data);

    private byte[] Hmac(byte[] key, string data) => _hash == "SHA-1"
        ? HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data))
        : HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static Dictionary<string, string> Parse(string message) =>
        message.Split(',').Where(p => p.Length >= 2 && p[1] == '=').ToDictionary(p => p[..1], p => p[2..], StringComparer.Ordinal);
}
