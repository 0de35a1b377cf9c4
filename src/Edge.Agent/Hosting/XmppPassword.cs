using Edge.Xmpp;
using Microsoft.Extensions.Configuration;

namespace Edge.Agent.Hosting;

/// <summary>
/// Where the XMPP password comes from, first found wins: <c>Xmpp:Password</c>; else the first line of the file
/// <c>Xmpp:PasswordFile</c> names; else the systemd credential <c>xmpp-password</c> (the file of that name in
/// <c>$CREDENTIALS_DIRECTORY</c>, set by <c>LoadCredential=</c>/<c>SetCredentialEncrypted=</c>). Setting both
/// Password and PasswordFile is an error. Errors name the key and the path, never what the file holds. With none of
/// them, the agent makes its own account (first boot, <see cref="Provisioning.FirstBoot"/>) and the password is then the
/// one in <c>{Agent:DataDirectory}/credentials.json</c>.
/// </summary>
internal static class XmppPassword
{
    public const string FileKey = "Xmpp:PasswordFile";

    /// <summary>The systemd credential's name: <c>LoadCredential=xmpp-password:/etc/edge/password</c>.</summary>
    public const string CredentialName = "xmpp-password";

    /// <summary>Longest first line accepted: a password, not a file read by mistake (/dev/zero, a log).</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Fills <see cref="XmppClientOptions.Password"/> from the file or the credential when it is not set. Returns true
    /// when no source is configured at all (no error either): first boot applies.
    /// </summary>
    public static bool Resolve(IConfiguration configuration, XmppClientOptions xmpp, string? credentialsDirectory, List<string> errors)
    {
        var file = configuration[FileKey];
        if (!string.IsNullOrEmpty(file))
        {
            if (!string.IsNullOrEmpty(xmpp.Password))
            {
                errors.Add($"Xmpp:Password and {FileKey} '{file}' are both set: set one of them.");
                return false;
            }

            if (TryReadFirstLine(file, out var password, out var reason))
            {
                xmpp.Password = password;
            }
            else
            {
                errors.Add($"{FileKey} '{file}' {reason}.");
            }

            return false;
        }

        if (!string.IsNullOrEmpty(xmpp.Password))
        {
            return false;
        }

        if (string.IsNullOrEmpty(credentialsDirectory))
        {
            return true;
        }

        var credential = Path.Combine(credentialsDirectory, CredentialName);
        if (!File.Exists(credential))
        {
            return true; // other credentials may be passed; without this one, first boot applies
        }

        if (TryReadFirstLine(credential, out var fromCredential, out var why))
        {
            xmpp.Password = fromCredential;
        }
        else
        {
            errors.Add($"The systemd credential '{credential}' ($CREDENTIALS_DIRECTORY/{CredentialName}) {why}.");
        }

        return false;
    }

    /// <summary>Reads the first line (without its line end); the reason on failure never includes the content.</summary>
    internal static bool TryReadFirstLine(string path, out string line, out string reason)
    {
        line = string.Empty;
        char[] buffer = new char[MaxLength + 1];
        int length;
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            length = reader.ReadBlock(buffer);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            reason = "does not exist";
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            reason = "cannot be read (permission denied, or not a file)";
            return false;
        }
        catch (IOException e)
        {
            reason = "cannot be read: " + e.Message;
            return false;
        }

        var text = buffer.AsSpan(0, length);
        var end = text.IndexOf('\n');
        if (end < 0 && length > MaxLength)
        {
            reason = $"has a first line longer than {MaxLength} characters (not a password file?)";
            return false;
        }

        var first = end < 0 ? text : text[..end];
        if (first.EndsWith("\r"))
        {
            first = first[..^1];
        }

        if (first.IsEmpty)
        {
            reason = "is empty (the password is its first line)";
            return false;
        }

        line = first.ToString();
        reason = string.Empty;
        return true;
    }
}
