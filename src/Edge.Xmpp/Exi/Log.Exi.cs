using Microsoft.Extensions.Logging;

namespace Edge.Xmpp;

/// <summary>The EXI negotiation's log messages (XEP-0322), event ids 1100-1149.</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "EXI not used ({Reason}); the stream stays XML")]
    public static partial void ExiNotUsed(ILogger logger, string reason);

    [LoggerMessage(1101, LogLevel.Information, "EXI stream started: {Alignment}, strict {Strict}, {Schemas} schemas, session-wide string tables {SessionWideBuffers} ({How})")]
    public static partial void ExiStarted(ILogger logger, string alignment, bool strict, int schemas, bool sessionWideBuffers, string how);

    [LoggerMessage(1102, LogLevel.Information, "EXI quick setup with configuration {ConfigurationId} refused; negotiating again")]
    public static partial void ExiQuickSetupRefused(ILogger logger, string configurationId);

    [LoggerMessage(1103, LogLevel.Information, "Uploading EXI schema {Schema}, which the server lacks")]
    public static partial void ExiUploadingSchema(ILogger logger, string schema);

    [LoggerMessage(1104, LogLevel.Warning, "The server still lacks EXI schemas after an upload ({Namespaces}); not uploading again (XEP-0322 §4), going on without them")]
    public static partial void ExiSchemasStillMissing(ILogger logger, string namespaces);
}
