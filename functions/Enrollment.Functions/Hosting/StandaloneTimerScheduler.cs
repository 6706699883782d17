using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using NCrontab;

namespace Enrollment.Functions.Hosting;

public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary>Standalone only: fire the timer functions in-process (tests turn it off and fire them themselves).</summary>
    public bool RunStandalone { get; set; } = true;
}

/// <summary>
/// Fires the timer functions when no Functions host is driving us: each on the schedule in the app setting its
/// <c>[TimerTrigger("%…%")]</c> names (the setting the host would read), through the same function method.
/// </summary>
public sealed class StandaloneTimerScheduler(
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    IOptions<TimerOptions> options,
    ILogger<StandaloneTimerScheduler> logger) : BackgroundService
{
    /// <summary>NCRONTAB with seconds, as the Functions host reads it; a timer without a schedule stops the app at start.</summary>
    public static CrontabSchedule Schedule(TimerFunction timer, IConfiguration configuration) =>
        configuration[timer.ScheduleSetting] is { Length: > 0 } expression
            ? CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            : throw new InvalidOperationException($"The timer {timer.Name} has no schedule: set {timer.ScheduleSetting.Replace(":", "__")} (appsettings.json holds the defaults).");

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunStandalone)
        {
            return Task.CompletedTask;
        }

        var functions = ActivatorUtilities.CreateInstance<TimerFunctions>(services);
        return Task.WhenAll(TimerFunctions.All.Select(timer => RunAsync(functions, timer, Schedule(timer, configuration), stoppingToken)));
    }

    private async Task RunAsync(TimerFunctions functions, TimerFunction timer, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow();
        var cursor = last;
        while (!stoppingToken.IsCancellationRequested)
        {
            // From the later of now and the last occurrence, so a delay that wakes a little early never fires one occurrence twice.
            var from = time.GetUtcNow() > cursor ? time.GetUtcNow() : cursor;
            var next = new DateTimeOffset(schedule.GetNextOccurrence(from.UtcDateTime), TimeSpan.Zero);
            cursor = next;
            try
            {
                await Task.Delay(next - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
                var now = time.GetUtcNow();
                var info = new TimerInfo
                {
                    ScheduleStatus = new ScheduleStatus { Last = last.UtcDateTime, Next = schedule.GetNextOccurrence(now.UtcDateTime), LastUpdated = now.UtcDateTime },
                    IsPastDue = now - next > TimeSpan.FromMinutes(1),
                };
                await timer.InvokeAsync(functions, info, stoppingToken);
                last = now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed run is retried at the next occurrence, as the host would.
                logger.LogError(e, "Timer {Timer} failed", timer.Name);
            }
        }
    }
}
