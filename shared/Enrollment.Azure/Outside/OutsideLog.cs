using Microsoft.Extensions.Logging;

namespace Enrollment.Azure.Outside;

/// <summary>
/// The only log lines the outside adapters write: service, operation (a fact kind, a template name),
/// outcome, HTTP status and duration. Never names, ID numbers, phone numbers, openids or message text.
/// </summary>
public static partial class OutsideLog
{
    [LoggerMessage(EventId = 4100, Message = "{Service} {Operation}: {Outcome} (HTTP {StatusCode}) in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, LogLevel level, string service, string operation, string outcome, int? statusCode, long elapsedMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "{Service} {Operation} is not configured ({Setting}): it answers Unavailable until it is")]
    public static partial void NotConfigured(ILogger logger, string service, string operation, string setting);

    public static void Answered(ILogger logger, string service, string operation, string outcome, bool available, int? statusCode, TimeSpan elapsed) =>
        Answered(logger, available ? LogLevel.Information : LogLevel.Warning, service, operation, outcome, statusCode, (long)elapsed.TotalMilliseconds);
}
