namespace Edge.Xmpp.Exi;

/// <summary>How an uploaded schema is encoded (XEP-0322 §2.2.4 contentType).</summary>
public enum ExiSchemaContentType
{
    /// <summary>The schema file's bytes (base64 on the wire). The default.</summary>
    Text,

    /// <summary>The schema as an EXI body (bytes and md5Hash then required).</summary>
    ExiBody,

    /// <summary>The schema as an EXI document with header (bytes and md5Hash then required).</summary>
    ExiDocument,
}
