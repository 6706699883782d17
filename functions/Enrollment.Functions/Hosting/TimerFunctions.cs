using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Enrollment.Core.Applications;
using Microsoft.Azure.Functions.Worker;

namespace Enrollment.Functions.Hosting;

/// <summary>
/// The timer functions. The Functions host fires them on the schedule each one names in app settings; standalone,
/// <see cref="StandaloneTimerScheduler"/> calls the same methods on the same schedules. Every body is idempotent and
/// looks only at current state, so a late (<see cref="TimerInfo.IsPastDue"/>) or repeated run changes nothing more.
/// </summary>
public sealed class TimerFunctions(
    TimerRuns runs,
    ReviewStart reviewStart,
    Core.Checks.CheckRetries checkRetries,
    Notifications notifications,
    Core.Drafts.DraftService drafts,
    Core.Drafts.DraftReminders draftReminders,
    Core.Review.ReviewReminders reviewReminders,
    DeadlineReminders deadlineReminders,
    Core.Admission.Admissions admissions,
    Core.Lottery.Lotteries lotteries,
    Core.Provincial.ProvincialSync provincialSync)
{
    [Function(nameof(StartReview))]
    public Task StartReview([TimerTrigger("%Timers:StartReview%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(StartReview), timer, async () =>
            $"Moved {await reviewStart.RunAsync(cancellationToken)} submitted applications into review.");

    [Function(nameof(RetryChecks))]
    public Task RetryChecks([TimerTrigger("%Timers:RetryChecks%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(RetryChecks), timer, async () =>
            $"Settled {await checkRetries.RunAsync(cancellationToken)} applications whose checks were pending.");

    [Function(nameof(SendNotifications))]
    public Task SendNotifications([TimerTrigger("%Timers:SendNotifications%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(SendNotifications), timer, async () =>
            $"Sent {await notifications.RunAsync(cancellationToken)} messages to guardians.");

    [Function(nameof(CloseDrafts))]
    public Task CloseDrafts([TimerTrigger("%Timers:CloseDrafts%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(CloseDrafts), timer, async () =>
            $"Closed {await drafts.CloseExpiredAsync(cancellationToken)} drafts whose registration window has closed.");

    [Function(nameof(RemindDrafts))]
    public Task RemindDrafts([TimerTrigger("%Timers:RemindDrafts%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(RemindDrafts), timer, async () =>
            $"Reminded {await draftReminders.RunAsync(cancellationToken)} guardians whose saved form is not submitted a day before registration closes.");

    [Function(nameof(RemindSchools))]
    public Task RemindSchools([TimerTrigger("%Timers:RemindSchools%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(RemindSchools), timer, async () =>
            $"Reminded {await reviewReminders.RunAsync(cancellationToken)} school reviewers whose applications still wait a day before review closes.");

    [Function(nameof(RemindDeadlines))]
    public Task RemindDeadlines([TimerTrigger("%Timers:RemindDeadlines%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(RemindDeadlines), timer, async () =>
            $"Queued {await deadlineReminders.RunAsync(cancellationToken)} reminders to guardians whose correction or lottery place is due within a day.");

    [Function(nameof(ConfirmAdmissions))]
    public Task ConfirmAdmissions([TimerTrigger("%Timers:ConfirmAdmissions%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(ConfirmAdmissions), timer, async () =>
            $"Confirmed {await admissions.ConfirmAtCloseAsync(cancellationToken)} approved admission lists whose window closed.");

    [Function(nameof(ExpireOffers))]
    public Task ExpireOffers([TimerTrigger("%Timers:ExpireOffers%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(ExpireOffers), timer, async () =>
            $"Passed {await lotteries.ExpireOffersAsync(cancellationToken)} lapsed lottery offers down the waitlist.");

    [Function(nameof(ProvincialSync))]
    public Task ProvincialSync([TimerTrigger("%Timers:ProvincialSync%")] TimerInfo timer, CancellationToken cancellationToken) =>
        runs.RunAsync(nameof(ProvincialSync), timer, async () =>
        {
            var run = await provincialSync.RunAsync(cancellationToken);
            return $"Pushed {run.Records} records in {run.Batches} batches to the provincial platform.";
        });

    /// <summary>Every timer function with the app setting that holds its NCRONTAB schedule, read from the attributes the Functions SDK reads.</summary>
    public static IReadOnlyList<TimerFunction> All { get; } = typeof(TimerFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .Select(method => (method, function: method.GetCustomAttribute<FunctionAttribute>(),
            trigger: method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(t => t is not null)))
        .Where(m => m.function is not null && m.trigger is not null)
        .Select(m => new TimerFunction(m.function!.Name, m.trigger!.Schedule.Trim('%'), m.method))
        .ToList();
}

/// <summary>A timer function: its name, the app setting holding its schedule, and its method.</summary>
public sealed record TimerFunction(string Name, string ScheduleSetting, MethodInfo Method)
{
    public Task InvokeAsync(TimerFunctions functions, TimerInfo timer, CancellationToken cancellationToken) =>
        Method.CreateDelegate<Func<TimerInfo, CancellationToken, Task>>(functions)(timer, cancellationToken);
}

/// <summary>What every timer run does around its body, whoever fired it: a trace, a log line, and a count by outcome.</summary>
public sealed class TimerRuns(IMeterFactory meters, ILogger<TimerRuns> logger)
{
    /// <summary>The traces and metrics of timer runs (exported with the app's telemetry; alerts watch failures).</summary>
    public const string TelemetryName = "Enrollment.Timers";

    private static readonly ActivitySource Runs = new(TelemetryName);
    private readonly Counter<long> _runs = meters.Create(TelemetryName).CreateCounter<long>("enrollment.timer.runs", "{run}", "Timer function runs, by timer and outcome.");

    public async Task RunAsync(string name, TimerInfo timer, Func<Task<string>> body)
    {
        // A late run (the app was down, or the last run overran) still does the whole job: each body catches up from current state.
        if (timer.IsPastDue)
        {
            logger.LogInformation("Timer {Timer} is running late", name);
        }

        using var run = Runs.StartActivity($"timer {name}");
        run?.SetTag("enrollment.timer", name);
        try
        {
            var message = await body();
            logger.LogInformation("Timer {Timer} finished: {Result}", name, message);
            _runs.Add(1, new KeyValuePair<string, object?>("timer", name), new KeyValuePair<string, object?>("outcome", "succeeded"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged by whichever driver called (the standalone scheduler, or the Functions host from the failed invocation).
            run?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            _runs.Add(1, new KeyValuePair<string, object?>("timer", name), new KeyValuePair<string, object?>("outcome", "failed"));
            throw;
        }
    }
}
