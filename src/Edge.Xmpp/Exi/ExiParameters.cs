using System.Globalization;
using System.Xml.Linq;
using Edge.Exi;

namespace Edge.Xmpp.Exi;

/// <summary>
/// The EXI options a <c>setup</c> proposes and a <c>setupResponse</c> accepts (XEP-0322 §2.2.2 and the Options
/// attribute group of its schema, §7). Absent attributes take the schema's defaults: version 1, bit-packed, no
/// compression, not strict, nothing preserved, blockSize 1,000,000, unbounded value tables, no session-wide buffers.
/// </summary>
public sealed record ExiParameters
{
    public int Version { get; init; } = 1;

    /// <summary>Alignment; <see cref="ExiAlignment.Compression"/> is the XEP's compression='true'.</summary>
    public ExiAlignment Alignment { get; init; } = ExiAlignment.BitPacked;

    public bool Strict { get; init; }

    public bool PreserveComments { get; init; }

    public bool PreservePIs { get; init; }

    public bool PreserveDtd { get; init; }

    public bool PreservePrefixes { get; init; }

    public bool PreserveLexical { get; init; }

    public bool SelfContained { get; init; }

    public int BlockSize { get; init; } = 1_000_000;

    public int? ValueMaxLength { get; init; }

    public int? ValuePartitionCapacity { get; init; }

    /// <summary>XEP-0322 §3.2/§3.3 sessionWideBuffers: string tables kept across the stanzas of a stream (Xmpp:Exi:SessionWideBuffers).</summary>
    public bool SessionWideBuffers { get; init; }

    /// <summary>
    /// XEP-0322 §2.4.3, the options of the EXI-only binding when none were negotiated: bit-packed, no compression,
    /// strict, nothing preserved, not self-contained, valueMaxLength 64, valuePartitionCapacity 64 (and, §3.2, no
    /// session-wide buffers). The EXI Profile parameters §2.4.3 adds (no local value partitions, no grammar learning)
    /// are not implemented by Edge.Exi: its built-in grammars learn as EXI 1.0 specifies (both Edge sides agree).
    /// </summary>
    public static ExiParameters ExiOnlyDefaults { get; } = new() { Strict = true, ValueMaxLength = 64, ValuePartitionCapacity = 64 };

    /// <summary>The XEP's name of an alignment (its Alignment type, plus compression).</summary>
    public static string AlignmentName(ExiAlignment alignment) => alignment switch
    {
        ExiAlignment.BitPacked => "bit-packed",
        ExiAlignment.ByteAlignment => "byte-alignment",
        ExiAlignment.PreCompression => "pre-compression",
        ExiAlignment.Compression => "compression",
        _ => throw new ArgumentOutOfRangeException(nameof(alignment), alignment, null),
    };

    /// <summary>Parses an alignment by the XEP's name (bit-packed, byte-alignment, pre-compression, compression).</summary>
    public static bool TryParseAlignment(string? name, out ExiAlignment alignment)
    {
        alignment = name switch
        {
            "bit-packed" => ExiAlignment.BitPacked,
            "byte-alignment" => ExiAlignment.ByteAlignment,
            "pre-compression" => ExiAlignment.PreCompression,
            "compression" => ExiAlignment.Compression,
            _ => (ExiAlignment)(-1),
        };
        return alignment >= 0;
    }

    /// <summary>Whether Edge's codec can run an EXI/XMPP stream with these options (what it answers or accepts).</summary>
    public bool IsSupported(out string? reason)
    {
        reason = Version != 1 ? $"EXI version {Version}"
            : PreserveComments || PreservePIs || PreserveDtd ? "preserving comments, processing instructions or DTDs (RFC 6120 §11.1 forbids them)"
            : PreserveLexical ? "preserveLexical with a schema"
            : SelfContained ? "selfContained"
            : Strict && PreservePrefixes ? "strict with preservePrefixes"
            : null;
        return reason is null;
    }

    /// <summary>
    /// The codec options of one EXI body of the stream (§3.3: each stanza a body, the header left out), with decoder
    /// bounds from the stanza limit: no string, inflated block or event count beyond what a legal stanza needs.
    /// </summary>
    public ExiOptions ToExiOptions(ExiSchema? schema, int maxStanzaBytes) => new()
    {
        Alignment = Alignment,
        Strict = Strict && schema is not null,
        PreservePrefixes = PreservePrefixes,
        BlockSize = BlockSize,
        ValueMaxLength = ValueMaxLength,
        ValuePartitionCapacity = ValuePartitionCapacity,
        Schema = schema,
        OmitHeader = true,
        MaxStringLength = maxStanzaBytes,
        MaxDepth = 64,
        MaxBufferedEvents = Math.Max(1024, maxStanzaBytes),
        MaxInflatedBytes = Math.Max(64 * 1024, maxStanzaBytes * 4),
        MaxSessionTableCharacters = Math.Max(256 * 1024, maxStanzaBytes * 2L),
    };

    /// <summary>Adds the option attributes that differ from the schema's defaults to <paramref name="element"/>.</summary>
    public void WriteTo(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        element.SetAttributeValue("version", Version.ToString(CultureInfo.InvariantCulture));
        if (Alignment == ExiAlignment.Compression)
        {
            element.SetAttributeValue("compression", "true");
        }
        else if (Alignment != ExiAlignment.BitPacked)
        {
            element.SetAttributeValue("alignment", AlignmentName(Alignment));
        }

        SetFlag(element, "strict", Strict);
        SetFlag(element, "preserveComments", PreserveComments);
        SetFlag(element, "preservePIs", PreservePIs);
        SetFlag(element, "preserveDTD", PreserveDtd);
        SetFlag(element, "preservePrefixes", PreservePrefixes);
        SetFlag(element, "preserveLexical", PreserveLexical);
        SetFlag(element, "selfContained", SelfContained);
        SetFlag(element, "sessionWideBuffers", SessionWideBuffers);
        if (BlockSize != 1_000_000)
        {
            element.SetAttributeValue("blockSize", BlockSize.ToString(CultureInfo.InvariantCulture));
        }

        if (ValueMaxLength is { } max)
        {
            element.SetAttributeValue("valueMaxLength", max.ToString(CultureInfo.InvariantCulture));
        }

        if (ValuePartitionCapacity is { } capacity)
        {
            element.SetAttributeValue("valuePartitionCapacity", capacity.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Reads the option attributes of a <c>setup</c> or <c>setupResponse</c>; a bad value is an <see cref="XmppProtocolException"/>.</summary>
    public static ExiParameters Parse(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var compression = Flag(element, "compression");
        var alignmentText = (string?)element.Attribute("alignment");
        var alignment = ExiAlignment.BitPacked;
        if (alignmentText is not null && (!TryParseAlignment(alignmentText, out alignment) || alignment == ExiAlignment.Compression))
        {
            throw new XmppProtocolException("bad-format", $"alignment='{ExiSchemaId.Truncate(alignmentText)}' is not bit-packed, byte-alignment or pre-compression (XEP-0322 §7).");
        }

        if (compression && alignmentText is not null)
        {
            throw new XmppProtocolException("bad-format", "compression='true' must not be combined with alignment (EXI 1.0 §5.4, XEP-0322 §10).");
        }

        return new ExiParameters
        {
            Version = Positive(element, "version") ?? 1,
            Alignment = compression ? ExiAlignment.Compression : alignment,
            Strict = Flag(element, "strict"),
            PreserveComments = Flag(element, "preserveComments"),
            PreservePIs = Flag(element, "preservePIs"),
            PreserveDtd = Flag(element, "preserveDTD"),
            PreservePrefixes = Flag(element, "preservePrefixes"),
            PreserveLexical = Flag(element, "preserveLexical"),
            SelfContained = Flag(element, "selfContained"),
            SessionWideBuffers = Flag(element, "sessionWideBuffers"),
            BlockSize = Positive(element, "blockSize") ?? 1_000_000,
            ValueMaxLength = Positive(element, "valueMaxLength"),
            ValuePartitionCapacity = Positive(element, "valuePartitionCapacity"),
        };
    }

    private static void SetFlag(XElement element, string name, bool value)
    {
        if (value)
        {
            element.SetAttributeValue(name, "true");
        }
    }

    private static bool Flag(XElement element, string name)
    {
        var text = (string?)element.Attribute(name);
        return text switch
        {
            null or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw new XmppProtocolException("bad-format", $"{name}='{ExiSchemaId.Truncate(text)}' is not a boolean."),
        };
    }

    private static int? Positive(XElement element, string name)
    {
        var text = (string?)element.Attribute(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new XmppProtocolException("bad-format", $"{name}='{ExiSchemaId.Truncate(text)}' is not a positive integer (at most {int.MaxValue}).");
    }
}
