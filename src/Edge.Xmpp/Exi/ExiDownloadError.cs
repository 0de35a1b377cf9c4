namespace Edge.Xmpp.Exi;

/// <summary>Why a schema download failed (the child of a failed <c>downloadSchemaResponse</c>, XEP-0322 §2.2.5).</summary>
public enum ExiDownloadError
{
    None,
    HttpError,
    InvalidUrl,
    Timeout,
    InvalidContentType,
    Error,
}
