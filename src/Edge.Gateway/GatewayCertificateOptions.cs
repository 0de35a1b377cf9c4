namespace Edge.Gateway;

/// <summary>The gateway's own certificate and key (section <c>Gateway:Certificate</c>), PEM files.</summary>
public sealed class GatewayCertificateOptions
{
    /// <summary>The certificate (chain) devices see; it must name the XMPP domain, as the server's does.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>Its private key (unencrypted PEM, readable only by the gateway's user).</summary>
    public string KeyFile { get; set; } = string.Empty;

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (key, path) in new[] { ("CertificateFile", CertificateFile), ("KeyFile", KeyFile) })
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"{key} is empty: the gateway terminates TLS from devices with its own certificate.");
            }
            else if (!File.Exists(path))
            {
                errors.Add($"{key} '{path}': no such file.");
            }
        }

        return errors;
    }
}
