using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Edge.Agent.Provisioning;

/// <summary>
/// Where the device stands with its thing registry (XEP-0347), kept in <c>{Agent:DataDirectory}/provisioning.json</c>
/// (0600, replaced atomically): <c>{ "registry", "key", "state", "owner", "public", "claimUri", "tags", "keyCleared" }</c>. The KEY is written,
/// durably, before the registration goes on the wire, so a restart registers again with the same KEY (a claim QR
/// already printed stays good). <c>registering</c> → <c>registered</c> → <c>claimed</c> (or <c>removed</c> by the owner);
/// a disowned device gets a new KEY and starts again. <see cref="ToString"/> leaves the KEY out.
/// </summary>
public sealed class ProvisioningState
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "provisioning.json";

    public const string Registering = "registering";

    public const string Registered = "registered";

    public const string Claimed = "claimed";

    public const string Removed = "removed";

    /// <summary>Random bytes in a KEY: 192 bits (the XEP and the issue ask for at least 128).</summary>
    public const int KeyBytes = 24;

    [JsonPropertyName("registry")]
    public string Registry { get; set; } = string.Empty;

    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;

    [JsonPropertyName("state")]
    public string State { get; set; } = Registering;

    [JsonPropertyName("owner")]
    public string? Owner { get; set; }

    [JsonPropertyName("public")]
    public bool Public { get; set; }

    /// <summary>The claim string (the <c>iotdisco:</c> URI) of the current KEY, for <c>edge qr</c>.</summary>
    [JsonPropertyName("claimUri")]
    public string? ClaimUri { get; set; }

    /// <summary>
    /// The tags last registered or updated, KEY left out, as <see cref="Edge.Iot.Discovery.MetaTag.ToString"/> writes
    /// them (<c>MAN=acme</c>, <c>#V=1.2</c>): a claimed device whose configured or hardware tags differ at its next
    /// start sends <c>update</c> (XEP-0347 §Update Meta Information). Null in a file from before this was kept.
    /// </summary>
    [JsonPropertyName("tags")]
    public string[]? Tags { get; set; }

    /// <summary>A public claimed device blanked its KEY in the registry (§Update Meta Information: so nobody who finds it can hijack it).</summary>
    [JsonPropertyName("keyCleared")]
    public bool KeyCleared { get; set; }

    /// <summary>Claimed or removed by its owner: the device does not register again.</summary>
    [JsonIgnore]
    public bool IsOwned => State is Claimed or Removed;

    /// <summary>A fresh random KEY (URL-safe base64 without padding: no character the claim URI must escape).</summary>
    public static string NewKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads <paramref name="path"/>; false with a reason (never the content) when it is missing or unusable.</summary>
    public static bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProvisioningState? state, out string reason)
    {
        if (!PrivateJsonFile.TryRead(path, ProvisioningJson.Default.ProvisioningState, out state, out reason))
        {
            return false;
        }

        if (state is null || string.IsNullOrEmpty(state.Key) || state.State is not (Registering or Registered or Claimed or Removed))
        {
            state = null;
            reason = "lacks a \"key\" or a \"state\" of \"registering\", \"registered\", \"claimed\" or \"removed\"";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Replaces <paramref name="path"/> so that a power cut leaves the old file or the new one, never a torn one: a
    /// temporary file (0600) fsynced, renamed over the old one, the directory fsynced (<see cref="PrivateJsonFile"/>).
    /// </summary>
    public void Save(string path) => PrivateJsonFile.Write(path, this, ProvisioningJson.Default.ProvisioningState);

    public override string ToString() => $"{State}{(Owner is null ? string.Empty : " by " + Owner)} at {Registry}";
}
