using System.Security.Cryptography;
using System.Text.Json;
using Edge.Agent.Internal;

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

    public string Registry { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    public string State { get; set; } = Registering;

    public string? Owner { get; set; }

    public bool Public { get; set; }

    /// <summary>The claim string (the <c>iotdisco:</c> URI) of the current KEY, for <c>edge qr</c>.</summary>
    public string? ClaimUri { get; set; }

    /// <summary>
    /// The tags last registered or updated, KEY left out, as <see cref="Edge.Iot.Discovery.MetaTag.ToString"/> writes
    /// them (<c>MAN=acme</c>, <c>#V=1.2</c>): a claimed device whose configured or hardware tags differ at its next
    /// start sends <c>update</c> (XEP-0347 §Update Meta Information). Null in a file from before this was kept.
    /// </summary>
    public string[]? Tags { get; set; }

    /// <summary>A public claimed device blanked its KEY in the registry (§Update Meta Information: so nobody who finds it can hijack it).</summary>
    public bool KeyCleared { get; set; }

    /// <summary>Claimed or removed by its owner: the device does not register again.</summary>
    public bool IsOwned => State is Claimed or Removed;

    /// <summary>A fresh random KEY (URL-safe base64 without padding: no character the claim URI must escape).</summary>
    public static string NewKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads <paramref name="path"/>; false with a reason (never the content) when it is missing or unusable.</summary>
    public static bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProvisioningState? state, out string reason)
    {
        if (!JsonDataFile.TryRead(path, Read, out state, out reason))
        {
            return false;
        }

        if (string.IsNullOrEmpty(state.Key) || state.State is not (Registering or Registered or Claimed or Removed))
        {
            state = null;
            reason = "lacks a \"key\" or a \"state\" of \"registering\", \"registered\", \"claimed\" or \"removed\"";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Replaces <paramref name="path"/> so that a power cut leaves the old file or the new one, never a torn one: a
    /// temporary file (0600) fsynced, renamed over the old one, the directory fsynced (<see cref="JsonDataFile"/>).
    /// </summary>
    public void Save(string path) => JsonDataFile.Write(path, indented: true, Write);

    private static ProvisioningState Read(JsonDataObject o) => new()
    {
        Registry = o.String("registry") ?? string.Empty,
        Key = o.String("key") ?? string.Empty,
        State = o.String("state") ?? Registering,
        Owner = o.String("owner"),
        Public = o.Bool("public"),
        ClaimUri = o.String("claimUri"),
        Tags = o.Strings("tags"),
        KeyCleared = o.Bool("keyCleared"),
    };

    // The properties in the order of the serializer that wrote this file before (tests compare the bytes).
    private void Write(Utf8JsonWriter w)
    {
        w.WriteString("registry", Registry);
        w.WriteString("key", Key);
        w.WriteString("state", State);
        w.WriteString("owner", Owner);
        w.WriteBoolean("public", Public);
        w.WriteString("claimUri", ClaimUri);
        w.WriteStrings("tags", Tags);
        w.WriteBoolean("keyCleared", KeyCleared);
    }

    public override string ToString() => $"{State}{(Owner is null ? string.Empty : " by " + Owner)} at {Registry}";
}
