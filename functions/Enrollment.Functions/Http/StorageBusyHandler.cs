using System.Net;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Azure.Cosmos;

namespace Enrollment.Functions.Http;

/// <summary>
/// Storage that is throttled or briefly unavailable after the SDKs' own retries (Cosmos 429/503/408,
/// Blob 503/500, timeouts) is not a fault of the request: the parent gets a calm 503 with Retry-After,
/// and since every write is conditional or idempotent, trying again converges on one result.
/// </summary>
public sealed partial class StorageBusyHandler(IProblemDetailsService problems, ILogger<StorageBusyHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsBusy(exception) || context.Response.HasStarted)
        {
            return false;
        }

        LogBusy(logger, exception.GetType().Name, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = "urn:enrollment:problem:busy",
                Title = "访问人数较多，请稍后再试",
                Detail = $"系统正忙，请{RetryAfterSeconds}秒后再试一次。您填写的内容仍保留在页面上；重复提交不会产生两份报名。报名期间任何时间提交都一样，提交先后不影响录取。",
            },
        });
    }

    private static bool IsBusy(Exception exception) => exception switch
    {
        CosmosException cosmos => cosmos.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout or HttpStatusCode.Gone,
        RequestFailedException blob => blob.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        // A reset or cut connection, which the Blob SDK reports as IOException once its retries are spent.
        OperationCanceledException or TimeoutException or HttpRequestException or IOException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsBusy),
        _ => exception.InnerException is { } inner && IsBusy(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage was busy ({Exception}) for {Path}; answered 503 with Retry-After.")]
    private static partial void LogBusy(ILogger logger, string exception, PathString path);
}
