using System.Diagnostics;

namespace Enrollment.Load;

/// <summary>
/// Runs a set of requests, at most <c>concurrency</c> in flight, all released together, none started after
/// the time limit; records what each answered, how long it took, and what the process allocated meanwhile.
/// </summary>
public static class Scenario
{
    public sealed record Outcome<T>(T Item, VirtualParent.Sent? Sent, string? Failure);

    public static async Task<(ScenarioResult Result, IReadOnlyList<Outcome<T>> Outcomes)> RunAsync<T>(
        string name, string target, IReadOnlyList<T> items, Func<T, CancellationToken, Task<VirtualParent.Sent>> send,
        int concurrency, TimeSpan timeLimit, StorageCounter storage)
    {
        storage.Take();
        using var gate = new SemaphoreSlim(0, concurrency);
        using var deadline = new CancellationTokenSource(timeLimit);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();

        var tasks = items.Select(async item =>
        {
            try
            {
                await gate.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return new Outcome<T>(item, null, "not sent (time limit)");
            }

            try
            {
                return new Outcome<T>(item, await send(item, deadline.Token), null);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return new Outcome<T>(item, null, e is OperationCanceledException ? "timed out" : "connection failed");
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        gate.Release(concurrency);
        var outcomes = await Task.WhenAll(tasks);

        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var roundTrips = storage.Take();
        var answered = outcomes.Where(o => o.Sent is not null).Select(o => o.Sent!).ToList();
        var latencies = answered.Select(s => s.Elapsed.TotalMilliseconds).Order().ToArray();
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            var key = outcome.Sent?.Status.ToString() ?? outcome.Failure!;
            byStatus[key] = byStatus.GetValueOrDefault(key) + 1;
        }

        var sent = Math.Max(1, answered.Count);
        return (new ScenarioResult(
            name,
            target,
            items.Count,
            answered.Count,
            Math.Round(elapsed.TotalSeconds, 3),
            Math.Round(answered.Count / elapsed.TotalSeconds, 1),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            Percentile(latencies, 0.99),
            byStatus,
            roundTrips.ByOperation,
            Math.Round((double)roundTrips.Total / sent, 2),
            allocated / sent)
        {
            Latencies = latencies,
        }, outcomes);
    }

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
}
