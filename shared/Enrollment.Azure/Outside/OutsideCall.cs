using System.Net;
using System.Text.Json;
using Enrollment.Core.Outside;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace Enrollment.Azure.Outside;

/// <summary>
/// One call to an outside service: either an answer whose body could be read, or the reason there is
/// none. Transport failures, timeouts, an open circuit, error statuses and unreadable bodies all end
/// here as an <see cref="Unavailability"/>; only the caller's own cancellation is thrown.
/// </summary>
public sealed class OutsideAnswer<T> : IDisposable
    where T : class
{
    internal OutsideAnswer(IApiResponse<T>? response, Unavailability? failure, TimeSpan elapsed)
    {
        Response = response;
        Failure = failure;
        Elapsed = elapsed;
    }

    /// <summary>The raw answer, when one was received (also for error statuses, whose body some adapters read).</summary>
    public IApiResponse<T>? Response { get; }

    /// <summary>Null when <see cref="Content"/> holds a readable answer with a success status.</summary>
    public Unavailability? Failure { get; }

    public TimeSpan Elapsed { get; }

    public T? Content => Failure is null ? Response?.Content : null;

    public int? StatusCode => Response is { IsReceived: true, StatusCode: { } status } ? (int)status : null;

    public void Dispose() => Response?.Dispose();
}

public static class OutsideCall
{
    public static async Task<OutsideAnswer<T>> SendAsync<T>(Func<CancellationToken, Task<IApiResponse<T>>> call, TimeProvider time, CancellationToken cancellationToken)
        where T : class
    {
        var started = time.GetTimestamp();
        try
        {
            var response = await call(cancellationToken);
            return new OutsideAnswer<T>(response, Classify(response), time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (IsOutsideFailure(e))
        {
            // Refit normally captures these in the response; this is the net for the paths where it throws.
            return new OutsideAnswer<T>(null, Classify(e), time.GetElapsedTime(started));
        }
    }

    public static Unavailability? Classify<T>(IApiResponse<T> response)
    {
        if (response.HasRequestError(out var requestError))
        {
            return Classify(requestError.InnerException ?? requestError);
        }

        if (!response.IsSuccessStatusCode)
        {
            return response.StatusCode is { } status ? Classify(status) : Unavailability.Unreachable;
        }

        // A 2xx whose body did not deserialize, or had none, is not the answer the contract promises.
        return response.Error is not null || response.Content is null ? Unavailability.Malformed : null;
    }

    public static Unavailability Classify(HttpStatusCode status) => (int)status switch
    {
        429 => Unavailability.Throttled,
        408 or 504 => Unavailability.TimedOut,
        >= 500 => Unavailability.ServerError,
        _ => Unavailability.Refused,
    };

    private static Unavailability Classify(Exception e) => e switch
    {
        ApiRequestException { InnerException: { } inner } => Classify(inner),
        TimeoutRejectedException => Unavailability.TimedOut,
        // HttpClient's own timeout, when the resilience pipeline did not stop the call first.
        OperationCanceledException => Unavailability.TimedOut,
        BrokenCircuitException => Unavailability.Unreachable,
        JsonException or ApiException => Unavailability.Malformed,
        _ => Unavailability.Unreachable,
    };

    private static bool IsOutsideFailure(Exception e) =>
        e is HttpRequestException or ApiExceptionBase or TimeoutRejectedException or BrokenCircuitException
            or JsonException or IOException or OperationCanceledException;
}
