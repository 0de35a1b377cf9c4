using Microsoft.Extensions.Logging;

namespace Edge.Xmpp;

/// <summary>The EXI-only binding's and the kept quick setup's log messages (XEP-0322 §2.4, §2.2.6), event ids 1170-1199.</summary>
internal static partial class Log
{
    [LoggerMessage(1170, LogLevel.Information, "EXI-only binding: no setup agreed ({Reason}); the stream goes on in the default options (XEP-0322 §2.4.3)")]
    public static partial void ExiOnlyDefaultsKept(ILogger logger, string reason);

    [LoggerMessage(1171, LogLevel.Information, "EXI quick setup: configuration {ConfigurationId} kept in {Path} from an earlier run")]
    public static partial void ExiQuickSetupLoaded(ILogger logger, string configurationId, string path);

    [LoggerMessage(1172, LogLevel.Information, "EXI quick setup: {Path} not used ({Reason}); the next setup is a full one and replaces it")]
    public static partial void ExiQuickSetupIgnored(ILogger logger, string path, string reason);

    [LoggerMessage(1173, LogLevel.Warning, "EXI quick setup: cannot write {Path} ({Reason}); the next start sets up in full")]
    public static partial void ExiQuickSetupNotKept(ILogger logger, string path, string reason);
}
