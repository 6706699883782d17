using Microsoft.Extensions.Options;

namespace Enrollment.Functions.Hosting;

public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary>Run the timer functions in-process when no Functions host is driving us.</summary>
    public bool RunStandalone { get; set; } = true;
}

/// <summary>
/// The standalone driver of the timer functions: the same function.json schedules the Functions
/// host would read, fired through the same <see cref="TimerFunctions"/> code path.
/// </summary>
public sealed class StandaloneTimerScheduler(
    TimerFunctions timers,
    TimeProvider time,
    IOptions<TimerOptions> options,
    ILogger<StandaloneTimerScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunStandalone)
        {
            return Task.CompletedTask;
        }

        var definitions = FunctionDefinitions.Load(AppContext.BaseDirectory).Where(d => d.Schedule is not null).ToList();
        return Task.WhenAll(definitions.Select(d => RunAsync(d, stoppingToken)));
    }

    private async Task RunAsync(FunctionDefinition definition, CancellationToken stoppingToken)
    {
        var schedule = definition.Schedule!;
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
                var status = new TimerScheduleStatus(last, new DateTimeOffset(schedule.GetNextOccurrence(now.UtcDateTime), TimeSpan.Zero), now);
                await timers.InvokeAsync(definition.Name, new TimerInfo(status, IsPastDue: now - next > TimeSpan.FromMinutes(1)), stoppingToken);
                last = now;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed run is retried at the next occurrence, as the host would.
                logger.LogError(e, "Timer {Timer} failed", definition.Name);
            }
        }
    }
}
