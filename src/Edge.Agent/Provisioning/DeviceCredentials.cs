using System.Security.Cryptography;
using Edge.Agent.Internal;

namespace Edge.Agent.Provisioning;

/// <summary>
/// The account the agent made for itself at first boot, kept in <c>{Agent:DataDirectory}/credentials.json</c> (0600):
/// <c>{ "jid", "password", "state": "pending" | "registered" }</c>. <c>pending</c> is written, durably, before the
/// registration goes on the wire, so a power cut at any later step finds the same name and password at the next start;
/// <c>registered</c> once the server has the account. Never logged: <see cref="ToString"/> leaves the password out.
/// </summary>
internal sealed class DeviceCredentials
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "credentials.json";

    public const string Pending = "pending";

    public const string Registered = "registered";

    /// <summary>Random bytes in a generated password: 192 bits (the issue asks for at least 128).</summary>
    public const int PasswordBytes = 24;

    public string Jid { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string State { get; set; } = Pending;

    public bool IsRegistered => State == Registered;

    /// <summary>A pending account for <paramref name="jid"/> with a fresh random password (URL-safe base64, no padding).</summary>
    public static DeviceCredentials Generate(string jid)
    {
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(PasswordBytes))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new DeviceCredentials { Jid = jid, Password = password, State = Pending };
    }

    /// <summary>Reads <paramref name="path"/>; false with a reason (never the content) when it is missing or unusable.</summary>
    public static bool TryLoad(string path, out DeviceCredentials? credentials, out string reason)
    {
        if (!JsonDataFile.TryRead(path, Read, out credentials, out reason))
        {
            return false;
        }

        if (string.IsNullOrEmpty(credentials.Jid) || string.IsNullOrEmpty(credentials.Password)
            || credentials.State is not (Pending or Registered))
        {
            credentials = null;
            reason = "lacks \"jid\", \"password\" or a \"state\" of \"pending\" or \"registered\"";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Replaces <paramref name="path"/> so that a power cut leaves the old file or the new one, never a torn one:
    /// written to a temporary file (0600) and fsynced, renamed over the old one, then the directory fsynced so the
    /// rename itself is on disk.
    /// </summary>
    public void Save(string path) => JsonDataFile.Write(path, indented: true, w =>
    {
        w.WriteString("jid", Jid);
        w.WriteString("password", Password);
        w.WriteString("state", State);
    });

    private static DeviceCredentials Read(JsonDataObject o) => new()
    {
        Jid = o.String("jid") ?? string.Empty,
        Password = o.String("password") ?? string.Empty,
        State = o.String("state") ?? Pending,
    };

    public override string ToString() => $"{Jid} ({State})";
}
