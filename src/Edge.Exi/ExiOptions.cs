using System.Globalization;
using System.Xml;

namespace Edge.Exi;

/// <summary>
/// The EXI options (EXI 1.0 §5.4) plus how the header is written and the decoder's safety bounds.
/// The defaults are the EXI defaults: bit-packed, schema-less, nothing but elements, attributes and text preserved.
/// </summary>
public sealed class ExiOptions
{
    private HashSet<XmlQualifiedName> _selfContainedElements = [];

    /// <summary>Gets or sets the body alignment (alignment and compression options).</summary>
    public ExiAlignment Alignment { get; set; } = ExiAlignment.BitPacked;

    /// <summary>
    /// Gets or sets the schema whose grammars code the body (schema-informed EXI, §8.5), or null for schema-less
    /// (built-in grammars). Both sides must use the same schema; a decoder given none finds a built-in one by the
    /// schemaId in the header.
    /// </summary>
    public ExiSchema? Schema { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether strict schema-informed grammars are used: no productions for content the
    /// schema does not declare (§8.5.4.4), smaller codes, and documents must be valid. No effect without a schema.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>Gets or sets a value indicating whether the body is an EXI fragment rather than a document.</summary>
    public bool Fragment { get; set; }

    public bool PreserveComments { get; set; }

    public bool PreserveProcessingInstructions { get; set; }

    /// <summary>Gets or sets a value indicating whether DOCTYPE and entity references are preserved.</summary>
    public bool PreserveDtd { get; set; }

    /// <summary>Gets or sets a value indicating whether namespace prefixes are preserved (NS events).</summary>
    public bool PreservePrefixes { get; set; }

    /// <summary>Gets or sets a value indicating whether typed values keep their lexical form.</summary>
    public bool PreserveLexicalValues { get; set; }

    /// <summary>Gets or sets a value indicating whether self-contained elements are enabled (SC events).</summary>
    public bool SelfContained { get; set; }

    /// <summary>
    /// Gets the elements the encoder writes self-contained (an SC event, then the element as a fragment with fresh
    /// string tables and grammars, byte-aligned: §8.5.4.4.1/§4). Used only when <see cref="SelfContained"/> is set.
    /// </summary>
    public ISet<XmlQualifiedName> SelfContainedElements => _selfContainedElements;

    /// <summary>Gets or sets the longest value added to the value string table, or null for unbounded.</summary>
    public int? ValueMaxLength { get; set; }

    /// <summary>Gets or sets the capacity of the global value partition, or null for unbounded.</summary>
    public int? ValuePartitionCapacity { get; set; }

    /// <summary>Gets or sets the number of values per block for (pre-)compression.</summary>
    public int BlockSize { get; set; } = 1_000_000;

    /// <summary>Gets or sets the schema identifier written in the header options, if any.</summary>
    public string? SchemaId { get; set; }

    /// <summary>Gets or sets a value indicating whether the encoder writes these options into the header.</summary>
    public bool IncludeOptions { get; set; }

    /// <summary>Gets or sets a value indicating whether the encoder starts the stream with the "$EXI" cookie.</summary>
    public bool IncludeCookie { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the stream is a bare EXI body, without header (§5): the writer writes
    /// none and the reader expects none, both using these options as agreed out of band. XEP-0322 §3.3 sends every
    /// stanza of an EXI/XMPP stream this way, "options are not sent on the stream, only the generated EXI bodies".
    /// </summary>
    public bool OmitHeader { get; set; }

    /// <summary>Gets or sets the longest string or binary value the decoder accepts (a bound on untrusted input).</summary>
    public int MaxStringLength { get; set; } = 1 << 20;

    /// <summary>Gets or sets the deepest element nesting the decoder accepts.</summary>
    public int MaxDepth { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many events the decoder may hold while it reads one (pre-)compressed block, whose values
    /// come after its structure: a bound against a small DEFLATE stream that inflates to a huge block.
    /// </summary>
    public int MaxBufferedEvents { get; set; } = 1 << 20;

    /// <summary>Gets or sets the most bytes one DEFLATE stream may inflate to when decoding (a bound against bombs).</summary>
    public int MaxInflatedBytes { get; set; } = 64 << 20;

    /// <summary>
    /// Gets or sets the most characters the string tables of an <see cref="ExiSession"/> may add (each entry counting
    /// one more than its length): URIs, prefixes, local names and values kept across bodies. A body that would pass
    /// it fails with an <see cref="ExiException"/>, so a peer cannot grow a session's tables without end. A single
    /// body (no session) is bounded by its own size instead.
    /// </summary>
    public long MaxSessionTableCharacters { get; set; } = 1 << 20;

    /// <summary>Gets a value indicating whether the body is byte-aligned (every alignment but bit-packed).</summary>
    internal bool IsByteAligned => Alignment != ExiAlignment.BitPacked;

    /// <summary>Gets a value indicating whether values are reordered into channels.</summary>
    internal bool IsChanneled => Alignment is ExiAlignment.PreCompression or ExiAlignment.Compression;

    public ExiOptions Clone()
    {
        var copy = (ExiOptions)MemberwiseClone();
        copy._selfContainedElements = [.. _selfContainedElements];
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> quoting the bad value when the options are inconsistent.</summary>
    public void Validate()
    {
        if (BlockSize < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"BlockSize must be at least 1, was {BlockSize}."));
        }

        if (ValueMaxLength < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ValueMaxLength must not be negative, was {ValueMaxLength}."));
        }

        if (ValuePartitionCapacity < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ValuePartitionCapacity must not be negative, was {ValuePartitionCapacity}."));
        }

        if (MaxSessionTableCharacters < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MaxSessionTableCharacters must be positive, was {MaxSessionTableCharacters}."));
        }

        if (MaxStringLength < 0 || MaxDepth < 1 || MaxBufferedEvents < 1 || MaxInflatedBytes < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MaxStringLength ({MaxStringLength}) and MaxDepth ({MaxDepth}) must be positive, MaxBufferedEvents at least 1 ({MaxBufferedEvents})."));
        }

        if (Strict && (PreserveComments || PreserveProcessingInstructions || PreserveDtd || PreservePrefixes || SelfContained))
        {
            throw new ArgumentException("Strict excludes preserving comments, processing instructions, DTDs, prefixes and self-contained elements.");
        }

        if (Schema is not null && PreserveLexicalValues)
        {
            throw new ArgumentException("PreserveLexicalValues is not supported with a schema (schema-informed values are typed).");
        }

        if (OmitHeader && (IncludeOptions || IncludeCookie))
        {
            throw new ArgumentException("OmitHeader excludes IncludeOptions and IncludeCookie (a bare body has no header).");
        }

        if (SelfContained && IsChanneled)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"SelfContained cannot be combined with {Alignment}."));
        }
    }
}
