using Microsoft.Extensions.Logging;

namespace Edge.Xmpp;

/// <summary>The EXI-only binding's log messages (XEP-0322 §2.4), event ids 1170-1199.</summary>
internal static partial class Log
{
    [LoggerMessage(1170, LogLevel.Information, "EXI-only binding: no setup agreed ({Reason}); the stream goes on in the default options (XEP-0322 §2.4.3)")]
    public static partial void ExiOnlyDefaultsKept(ILogger logger, string reason);
}
