namespace Edge.Exi;

/// <summary>How the EXI body is laid out (EXI 1.0 §5.4, the alignment and compression options).</summary>
public enum ExiAlignment
{
    /// <summary>Bit-packed: the default, the smallest without compression.</summary>
    BitPacked,

    /// <summary>Every event code and value starts on a byte boundary.</summary>
    ByteAlignment,

    /// <summary>Byte-aligned, with values reordered into channels (§9), without DEFLATE.</summary>
    PreCompression,

    /// <summary>Values reordered into channels and each stream DEFLATE-compressed (§9).</summary>
    Compression,
}
