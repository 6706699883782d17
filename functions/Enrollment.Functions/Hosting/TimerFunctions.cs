using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Serialization;
using Enrollment.Core.Applications;

namespace Enrollment.Functions.Hosting;

/// <summary>The timer's state as the Functions host sends it in an invocation's Data.</summary>
public sealed record TimerInfo(
    [property: JsonPropertyName("ScheduleStatus")] TimerScheduleStatus? ScheduleStatus,
    [property: JsonPropertyName("IsPastDue")] bool IsPastDue);

public sealed record TimerScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset Last,
    [property: JsonPropertyName("Next")] DateTimeOffset Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset LastUpdated);

/// <summary>
/// The timer functions by name. Both drivers call <see cref="InvokeAsync"/>: the Functions host
/// through <c>POST /{name}</c>, and the standalone scheduler directly. Every body is idempotent
/// and looks only at current state, so a late (<c>IsPastDue</c>) or repeated run changes nothing more.
/// </summary>
public sealed class TimerFunctions(IServiceProvider services, IMeterFactory meters, ILogger<TimerFunctions> logger)
{
    /// <summary>The traces and metrics of timer runs (exported with the app's telemetry; alerts watch failures).</summary>
    public const string TelemetryName = "Enrollment.Timers";

    private static readonly ActivitySource Runs = new(TelemetryName);
    private readonly Counter<long> _runs = meters.Create(TelemetryName).CreateCounter<long>("enrollment.timer.runs", "{run}", "Timer function runs, by timer and outcome.");

    private static readonly Dictionary<string, Func<IServiceProvider, CancellationToken, Task<string>>> Bodies = new(StringComparer.Ordinal)
    {
        ["StartReview"] = async (sp, ct) =>
        {
            var moved = await sp.GetRequiredService<ReviewStart>().RunAsync(ct);
            return $"Moved {moved} submitted applications into review.";
        },
        ["RetryChecks"] = async (sp, ct) =>
        {
            var settled = await sp.GetRequiredService<Core.Checks.CheckRetries>().RunAsync(ct);
            return $"Settled {settled} applications whose checks were pending.";
        },
        ["SendNotifications"] = async (sp, ct) =>
        {
            var sent = await sp.GetRequiredService<Notifications>().RunAsync(ct);
            return $"Sent {sent} messages to guardians.";
        },
        ["CloseDrafts"] = async (sp, ct) =>
        {
            var closed = await sp.GetRequiredService<Core.Drafts.DraftService>().CloseExpiredAsync(ct);
            return $"Closed {closed} drafts whose registration window has closed.";
        },
        ["RemindDrafts"] = async (sp, ct) =>
        {
            var reminded = await sp.GetRequiredService<Core.Drafts.DraftReminders>().RunAsync(ct);
            return $"Reminded {reminded} guardians whose saved form is not submitted a day before registration closes.";
        },
        ["RemindSchools"] = async (sp, ct) =>
        {
            var reminded = await sp.GetRequiredService<Core.Review.ReviewReminders>().RunAsync(ct);
            return $"Reminded {reminded} school reviewers whose applications still wait a day before review closes.";
        },
        ["ExpireOffers"] = async (sp, ct) =>
        {
            var lapsed = await sp.GetRequiredService<Core.Lottery.Lotteries>().ExpireOffersAsync(ct);
            return $"Passed {lapsed} lapsed lottery offers down the waitlist.";
        },
        ["ProvincialSync"] = async (sp, ct) =>
        {
            var run = await sp.GetRequiredService<Core.Provincial.ProvincialSync>().RunAsync(ct);
            return $"Pushed {run.Records} records in {run.Batches} batches to the provincial platform.";
        },
    };

    public static IReadOnlyCollection<string> Names => Bodies.Keys;

    public async Task<string> InvokeAsync(string name, TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogInformation("Timer {Timer} is running late", name);
        }

        using var run = Runs.StartActivity($"timer {name}");
        run?.SetTag("enrollment.timer", name);
        try
        {
            var message = await Bodies[name](services, cancellationToken);
            logger.LogInformation("Timer {Timer} finished: {Result}", name, message);
            _runs.Add(1, new KeyValuePair<string, object?>("timer", name), new KeyValuePair<string, object?>("outcome", "succeeded"));
            return message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged by whichever driver called (the standalone scheduler, or the Functions host from our answer).
            run?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            _runs.Add(1, new KeyValuePair<string, object?>("timer", name), new KeyValuePair<string, object?>("outcome", "failed"));
            throw;
        }
    }
}
