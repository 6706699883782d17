using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrollment.Load;

public sealed record ScenarioResult(
    string Name,
    string Target,
    int Requests,
    int Answered,
    double Seconds,
    double RequestsPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    SortedDictionary<string, int> ByStatus,
    SortedDictionary<string, long> StorageRequests,
    double StorageRequestsPerRequest,
    long AllocatedBytesPerRequest)
{
    /// <summary>Every answered request's latency in milliseconds, sorted; kept to combine rounds, not reported.</summary>
    [JsonIgnore]
    public double[] Latencies { get; init; } = [];

    /// <summary>Two rounds of the same scenario on the same target, as if they had been one (folds over more).</summary>
    public static ScenarioResult Combine(ScenarioResult first, ScenarioResult second)
    {
        var latencies = first.Latencies.Concat(second.Latencies).Order().ToArray();
        var answered = first.Answered + second.Answered;
        var seconds = first.Seconds + second.Seconds;
        var storage = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (operation, count) in first.StorageRequests.Concat(second.StorageRequests))
        {
            storage[operation] = storage.GetValueOrDefault(operation) + count;
        }

        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (status, count) in first.ByStatus.Concat(second.ByStatus))
        {
            byStatus[status] = byStatus.GetValueOrDefault(status) + count;
        }

        var perRequest = Math.Max(1, answered);
        return new ScenarioResult(first.Name, first.Target, first.Requests + second.Requests, answered, Math.Round(seconds, 3),
            Math.Round(answered / seconds, 1), Scenario.Percentile(latencies, 0.50), Scenario.Percentile(latencies, 0.95), Scenario.Percentile(latencies, 0.99),
            byStatus, storage, Math.Round((double)storage.Values.Sum() / perRequest, 2),
            (first.AllocatedBytesPerRequest * first.Answered + second.AllocatedBytesPerRequest * second.Answered) / perRequest)
        {
            Latencies = latencies,
        };
    }
}

/// <summary>One operation alone, on a warm app: the storage requests it costs.</summary>
public sealed record OperationRoundTrips(string Operation, string Target, SortedDictionary<string, long> StorageRequests, long Reads, long Writes, string Goal, bool Met);

/// <summary>What the burst sent against what storage holds afterwards.</summary>
public sealed record Reconciliation(
    int ChildrenSent,
    int ChildrenAcknowledged,
    int ApplicationsStored,
    int ClaimsNamingTheirApplication,
    int Lost,
    int Duplicates,
    int StoredButNeverAcknowledged);

/// <summary>Throughput ours over bare, over all rounds, and for each pair of rounds run back to back.</summary>
public sealed record Ratio(string Operation, double Ours, double Bare, double OursOverBare, double Goal, IReadOnlyList<double> ByPair);

public sealed record LoadReport(
    DateTimeOffset RanAt,
    LoadOptions Options,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<OperationRoundTrips> RoundTrips,
    Reconciliation Reconciliation,
    IReadOnlyList<Ratio> Ratios,
    ChaosResult Chaos,
    long PeakWorkingSetBytes,
    IReadOnlyList<string> Failures)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"Opening-day load (two bursts of {Options.Parents} parents per target, ours–bare then bare–ours, {Options.TwoPhoneChildren} children from two phones, {Options.Retries} client retries, {Options.StatusRounds} status refreshes each, the storm in four pairs of rounds alternating which target goes first), {RanAt:yyyy-MM-dd HH:mm} UTC:");
        md.AppendLine();
        md.AppendLine("| Scenario | Target | Requests | req/s | p50 ms | p95 ms | p99 ms | Answers | Storage req/request | Alloc/request |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var s in Scenarios)
        {
            var answers = string.Join(", ", s.ByStatus.Select(kv => $"{kv.Key}×{kv.Value}"));
            md.AppendLine(c, $"| {s.Name} | {s.Target} | {s.Requests} | {s.RequestsPerSecond:0.#} | {s.P50Ms:0.#} | {s.P95Ms:0.#} | {s.P99Ms:0.#} | {answers} | {s.StorageRequestsPerRequest:0.##} | {s.AllocatedBytesPerRequest / 1024.0:0.#} KB |");
        }

        md.AppendLine();
        md.AppendLine("Storage requests and allocations are per answered request; allocations are the whole process's (app, bare API and load client), from GC.GetTotalAllocatedBytes.");
        md.AppendLine();
        md.AppendLine("| Check | Figure | Goal |");
        md.AppendLine("|---|---|---|");
        foreach (var r in RoundTrips)
        {
            md.AppendLine(c, $"| Round trips, {r.Operation} ({r.Target}) | {r.Reads} reads, {r.Writes} writes: {string.Join(", ", r.StorageRequests.Select(kv => $"{kv.Key}×{kv.Value}"))} | {r.Goal} {(r.Met ? "✔" : "✘")} |");
        }

        var rec = Reconciliation;
        md.AppendLine(c, $"| Lost applications | {rec.Lost} | 0 {(rec.Lost == 0 ? "✔" : "✘")} |");
        md.AppendLine(c, $"| Duplicate applications | {rec.Duplicates} | 0 {(rec.Duplicates == 0 ? "✔" : "✘")} |");
        md.AppendLine(c, $"| Reconciled | {rec.ChildrenSent} children sent, {rec.ChildrenAcknowledged} acknowledged, {rec.ApplicationsStored} applications stored, {rec.ClaimsNamingTheirApplication} of them named by their child's claim, {rec.StoredButNeverAcknowledged} stored but never acknowledged | |");
        foreach (var r in Ratios)
        {
            md.AppendLine(c, $"| Throughput, {r.Operation}: ours / bare | {r.Ours:0.#} / {r.Bare:0.#} req/s = {r.OursOverBare:0.00} (pair by pair: {string.Join(", ", r.ByPair.Select(p => p.ToString("0.00", c)))}) | ≥ {r.Goal:0.0} (reported, not enforced) |");
        }

        var chaos = Chaos;
        md.AppendLine(c, $"| Crash and cut storage connections mid-burst ({chaos.Parents} parents retrying with their key) | app killed and restarted after {chaos.AcknowledgedBeforeCrash} answers; {chaos.StorageRequestsCut} storage requests cut; {chaos.Attempts} attempts ({string.Join(", ", chaos.ByStatus.Select(kv => $"{kv.Key}×{kv.Value}"))}) in {chaos.Seconds:0.#} s; {chaos.Converged} converged | every parent converges |");
        md.AppendLine(c, $"| Lost / duplicate applications through the crash and cuts | {chaos.Reconciliation.Lost} / {chaos.Reconciliation.Duplicates} | 0 / 0 {(chaos.Reconciliation.Lost == 0 && chaos.Reconciliation.Duplicates == 0 ? "✔" : "✘")} |");
        md.AppendLine(c, $"| Peak working set (app, bare API and load client in one process) | {PeakWorkingSetBytes / 1024.0 / 1024.0:0} MB | |");
        md.AppendLine();
        md.AppendLine(Failures.Count == 0 ? "All invariants hold." : "FAILED: " + string.Join("; ", Failures));
        return md.ToString();
    }

    /// <summary>Each ratio in every run and its median, with each run's lost and duplicate applications.</summary>
    public static string Medians(IReadOnlyList<LoadReport> runs)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"Opening-day load, {runs.Count} runs of bursts of {runs[0].Options.Parents} parents, {runs[0].Options.Concurrency} status lookups in flight:");
        md.AppendLine();
        md.AppendLine(c, $"| Ours / bare | {string.Join(" | ", runs.Select((_, i) => $"run {i + 1}"))} | median | goal |");
        md.AppendLine(c, $"|---|{string.Concat(runs.Select(_ => "---:|"))}---:|---|");
        foreach (var operation in runs[0].Ratios.Select(r => r.Operation))
        {
            var ratios = runs.Select(r => r.Ratios.Single(x => x.Operation == operation).OursOverBare).ToList();
            var sorted = ratios.Order().ToList();
            var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            var goal = runs[0].Ratios.Single(x => x.Operation == operation).Goal;
            md.AppendLine(c, $"| {operation} | {string.Join(" | ", ratios.Select(r => r.ToString("0.00", c)))} | **{median:0.00}** | ≥ {goal:0.0} |");
        }

        md.AppendLine(c, $"| lost / duplicates | {string.Join(" | ", runs.Select(r => $"{r.Reconciliation.Lost + r.Chaos.Reconciliation.Lost} / {r.Reconciliation.Duplicates + r.Chaos.Reconciliation.Duplicates}"))} | | 0 / 0 |");
        md.AppendLine();
        md.AppendLine(runs.All(r => r.Failures.Count == 0) ? "All invariants hold in every run." : "FAILED: " + string.Join("; ", runs.SelectMany(r => r.Failures)));
        return md.ToString();
    }
}
