using Edge.Iot.Discovery.Registry;
using Edge.Xmpp.Component;

namespace Edge.Registry;

/// <summary>The registry host's settings: section <c>Registry</c> of <c>registry.json</c> (see the README).</summary>
public sealed class RegistryOptions
{
    /// <summary>How to attach to the server (XEP-0114): <c>Registry:Component:Domain</c>, <c>:Secret</c>, <c>:Host</c>, <c>:Port</c> …</summary>
    public XmppComponentOptions Component { get; set; } = new() { Name = "Edge thing registry" };

    /// <summary>A file whose first line is the component secret, instead of <c>Registry:Component:Secret</c>.</summary>
    public string? SecretFile { get; set; }

    /// <summary>Where the database (<c>registry.db</c>) lives; created if missing.</summary>
    public string DataDirectory { get; set; } = "registry-data";

    /// <summary>Search paging, tag limits, the disown timeout.</summary>
    public ThingRegistryOptions Things { get; set; } = new();

    // Validate reads the secret file once; validating again (the host does) must not take that secret for a second one.
    private string? _secretLoadedFrom;

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "registry.db");

    /// <summary>
    /// Every problem, each naming the key and quoting its value (never the secret's). Reads <see cref="SecretFile"/>
    /// into <see cref="XmppComponentOptions.Secret"/> when it is set.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SecretFile is not null && SecretFile != _secretLoadedFrom)
        {
            if (!string.IsNullOrEmpty(Component.Secret))
            {
                errors.Add("Registry:Component:Secret and Registry:SecretFile are both set; set one.");
            }
            else
            {
                try
                {
                    Component.Secret = File.ReadLines(SecretFile).FirstOrDefault()?.TrimEnd('\r') ?? string.Empty;
                    _secretLoadedFrom = SecretFile;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add($"Registry:SecretFile '{SecretFile}' cannot be read: {e.Message}");
                }
            }
        }

        errors.AddRange(Component.Validate().Select(e => "Registry:Component: " + e));
        errors.AddRange(Things.Validate().Select(e => "Registry:Things: " + e));
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("Registry:DataDirectory is empty.");
        }

        return errors;
    }
}
