namespace Edge.Gateway;

/// <summary>
/// EXI on the device link (section <c>Gateway:Exi</c>; XEP-0322 over XEP-0138, terminated at the gateway): the schema
/// set it answers setups from, what devices may upload into it, and how many quick-setup configurations it keeps.
/// </summary>
public sealed class GatewayExiOptions
{
    /// <summary>Offer the <c>exi</c> compression method to authenticated devices.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Schema files (.xsd) added to the built-in XMPP set at start, besides those devices uploaded earlier.</summary>
    public IList<string> SchemaFiles { get; } = [];

    /// <summary>Uploaded schemas kept in the data directory; an upload beyond this is not stored (the setup then reports it missing).</summary>
    public int MaxUploadedSchemas { get; set; } = 64;

    /// <summary>The largest schema a device may upload (bytes of the schema file).</summary>
    public int MaxSchemaBytes { get; set; } = 256 * 1024;

    /// <summary>Agreed configurations kept for quick setup (XEP-0322 §2.2.6), across restarts; the oldest go first.</summary>
    public int MaxConfigurations { get; set; } = 10_000;

    /// <summary>
    /// The highest <c>valueMaxLength</c> the gateway accepts (strings longer are not put in the string table); null:
    /// the device's choice. A proposal above it is answered lowered, without agreement (§2.2.2).
    /// </summary>
    public int? ValueMaxLength { get; set; }

    /// <summary>The highest <c>valuePartitionCapacity</c> (string table entries) the gateway accepts; null: the device's choice.</summary>
    public int? ValuePartitionCapacity { get; set; }

    /// <summary>
    /// Agree to a device's <c>sessionWideBuffers</c> (XEP-0322 §3.2: string tables kept across stanzas, per device
    /// connection and direction, bounded by the stanza limit's worth of characters); false answers it off.
    /// </summary>
    public bool SessionWideBuffers { get; set; } = true;

    /// <summary>Setups plus uploads one device may send on one connection (the upload loop guard, XEP-0322 §4).</summary>
    public int MaxNegotiationSteps { get; set; } = 16;

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var file in SchemaFiles.Where(f => !File.Exists(f)))
        {
            errors.Add($"SchemaFiles '{file}': no such file.");
        }

        Positive(errors, "MaxUploadedSchemas", MaxUploadedSchemas, allowZero: true);
        Positive(errors, "MaxSchemaBytes", MaxSchemaBytes, allowZero: false);
        Positive(errors, "MaxConfigurations", MaxConfigurations, allowZero: false);
        Positive(errors, "MaxNegotiationSteps", MaxNegotiationSteps, allowZero: false);
        if (ValueMaxLength is < 1)
        {
            errors.Add($"ValueMaxLength {ValueMaxLength} must be at least 1 (or unset).");
        }

        if (ValuePartitionCapacity is < 0)
        {
            errors.Add($"ValuePartitionCapacity {ValuePartitionCapacity} must not be negative (or unset).");
        }

        return errors;
    }

    private static void Positive(List<string> errors, string key, int value, bool allowZero)
    {
        if (value < (allowZero ? 0 : 1))
        {
            errors.Add($"{key} {value} must be {(allowZero ? "0 or more" : "at least 1")}.");
        }
    }
}
