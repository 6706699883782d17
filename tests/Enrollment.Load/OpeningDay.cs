using System.Diagnostics;
using System.Text.Json;
using Enrollment.Azure.Cosmos;
using Enrollment.Azure.Storage;
using Enrollment.Core.Counties;
using Enrollment.Core.Rules;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Enrollment.Load;

/// <summary>
/// The opening morning, on loopback: the real app and the bare API side by side over the same emulators,
/// each sent the same opening-minute burst and status-lookup storm; then what the app stored is
/// reconciled with what the parents were told.
/// </summary>
public static class OpeningDay
{
    private const double RatioGoal = 0.8;

    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var ranAt = DateTimeOffset.UtcNow;
        await using var emulators = await LocalEmulators.StartAsync();
        await using var app = new RealApp(emulators);
        app.StartServer();
        await using var bare = await BareApi.StartAsync(emulators);
        using var appStorage = new StorageCounter(app.Services);
        using var bareStorage = new StorageCounter(bare.Services);
        using var peak = new WorkingSetSampler();

        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var ours = new HttpClient(handler, disposeHandler: false) { BaseAddress = app.Address };
        using var theirs = new HttpClient(handler, disposeHandler: false) { BaseAddress = bare.Address };

        var county = await CreateCountyAsync(app.Services, cancellationToken);
        // The bare API reads the same county document as ours.
        await bare.Services.GetRequiredService<ICountyStore>().UpsertAsync(county, cancellationToken);
        var families = new Families(county);

        // Each operation alone on a warm app, for the round-trip goals.
        var roundTrips = new List<OperationRoundTrips>();
        var warm = families.NewParent(ours);
        await warm.SignInAsync(cancellationToken);
        var warmed = (await warm.SubmitAsync(SubmitPath, withKey: true, cancellationToken)).Application();
        var single = families.NewParent(ours);
        await single.SignInAsync(cancellationToken);
        appStorage.Take();
        var submitted = (await single.SubmitAsync(SubmitPath, withKey: true, cancellationToken)).Application();
        var submitTrips = appStorage.Take();
        await single.GetAsync(StatusPath(submitted), cancellationToken);
        var statusTrips = appStorage.Take();
        roundTrips.Add(new("submit", "ours", submitTrips.ByOperation, submitTrips.Reads, submitTrips.Writes, "≤ 3 writes", submitted is not null && submitTrips.Writes <= 3));
        roundTrips.Add(new("status lookup", "ours", statusTrips.ByOperation, statusTrips.Reads, statusTrips.Writes, "1 point read",
            statusTrips.Total == 1 && statusTrips.PointReads == 1));

        var bareSingle = families.NewParent(theirs);
        await bareSingle.SubmitAsync(BareSubmitPath, withKey: false, cancellationToken);
        bareStorage.Take();
        var bareSubmitted = (await families.NewParent(theirs).SubmitAsync(BareSubmitPath, withKey: false, cancellationToken)).Application();
        var bareSubmitTrips = bareStorage.Take();
        await bareSingle.GetAsync(BareStatusPath(bareSubmitted), cancellationToken);
        var bareStatusTrips = bareStorage.Take();
        roundTrips.Add(new("submit", "bare", bareSubmitTrips.ByOperation, bareSubmitTrips.Reads, bareSubmitTrips.Writes, "(same calls)", true));
        roundTrips.Add(new("status lookup", "bare", bareStatusTrips.ByOperation, bareStatusTrips.Reads, bareStatusTrips.Writes, "(same calls)", true));

        // Before anything is measured each target serves a burst of its own, not counted, so JIT tiering,
        // connection pools and the emulators' own warm-up favour neither target (ours would otherwise pay them).
        var warmUp = await WarmUpAsync(families, ours, theirs, Math.Min(options.Parents, Math.Max(20, options.Parents / 10)), options.Concurrency, options.StatusRounds, cancellationToken);

        // The opening minute: every parent signed in beforehand, all submitting at once; some children from
        // a second guardian's phone too, and some clients repeating their request with the same key. Two such
        // bursts with new families, in the order ours-bare then bare-ours, and the storm's pairs alternating
        // likewise: whichever target runs second finds the process warmer, so each runs second as often as first.
        var first = await NewBurstAsync(families, ours, options, cancellationToken);
        var second = await NewBurstAsync(families, ours, options, cancellationToken);
        var (oursFirst, oursFirstOutcomes) = await OursBurstAsync(first);
        var (bareFirst, bareFirstOutcomes) = await BareBurstAsync(first);
        var (bareSecond, bareSecondOutcomes) = await BareBurstAsync(second);
        var (oursSecond, oursSecondOutcomes) = await OursBurstAsync(second);
        var oursBurst = ScenarioResult.Combine(oursFirst, oursSecond);
        var theirBurst = ScenarioResult.Combine(bareFirst, bareSecond);
        IReadOnlyList<Scenario.Outcome<VirtualParent>> burstOutcomes = [.. oursFirstOutcomes, .. oursSecondOutcomes];

        Task<(ScenarioResult, IReadOnlyList<Scenario.Outcome<VirtualParent>>)> OursBurstAsync(IReadOnlyList<VirtualParent> burst) =>
            Scenario.RunAsync("opening-minute burst", "ours", Shuffle(burst.ToList()),
                (p, ct) => p.SubmitAsync(SubmitPath, withKey: true, ct), burst.Count, options.ScenarioTimeLimit, appStorage);

        Task<(ScenarioResult, IReadOnlyList<Scenario.Outcome<VirtualParent>>)> BareBurstAsync(IReadOnlyList<VirtualParent> burst) =>
            Scenario.RunAsync("opening-minute burst", "bare", Shuffle(burst.Select(p => p.On(theirs)).ToList()),
                (p, ct) => p.SubmitAsync(BareSubmitPath, withKey: false, ct), burst.Count, options.ScenarioTimeLimit, bareStorage);

        // The storm: every phone that was told "submitted" refreshes its status, again and again.
        var lookups = Shuffle(Lookups(burstOutcomes, options.StatusRounds));
        var bareLookups = Shuffle(Lookups([.. bareFirstOutcomes, .. bareSecondOutcomes], options.StatusRounds));
        // In several parts, so the ratio's spread from pair to pair is seen as well as its value.
        var oursStormParts = new List<ScenarioResult>();
        var bareStormParts = new List<ScenarioResult>();
        for (var part = 0; part < StormPairs; part++)
        {
            var ourPart = Part(lookups, part, StormPairs);
            var barePart = Part(bareLookups, part, StormPairs);
            if (part % 2 == 0)
            {
                oursStormParts.Add((await OursStormAsync(ourPart)).Item1);
                bareStormParts.Add((await BareStormAsync(barePart)).Item1);
            }
            else
            {
                bareStormParts.Add((await BareStormAsync(barePart)).Item1);
                oursStormParts.Add((await OursStormAsync(ourPart)).Item1);
            }
        }

        var oursStorm = oursStormParts.Aggregate(ScenarioResult.Combine);
        var theirStorm = bareStormParts.Aggregate(ScenarioResult.Combine);
        var scenarios = new List<ScenarioResult> { oursBurst, theirBurst, oursStorm, theirStorm };

        Task<(ScenarioResult, IReadOnlyList<Scenario.Outcome<Lookup>>)> OursStormAsync(List<Lookup> part) =>
            Scenario.RunAsync("status-lookup storm", "ours", part,
                (l, ct) => l.Parent.GetAsync(StatusPath(l.Application), ct), options.Concurrency, options.ScenarioTimeLimit, appStorage);

        Task<(ScenarioResult, IReadOnlyList<Scenario.Outcome<Lookup>>)> BareStormAsync(List<Lookup> part) =>
            Scenario.RunAsync("status-lookup storm", "bare", part,
                (l, ct) => l.Parent.GetAsync(BareStatusPath(l.Application), ct), options.Concurrency, options.ScenarioTimeLimit, bareStorage);

        var probes = new[] { warmed, submitted }.OfType<(string Id, string SchoolId)>().Select(a => a.Id).Concat(warmUp).ToHashSet();
        var reconciliation = await ReconcileAsync(app.Services, county, probes, burstOutcomes, cancellationToken);
        var ratios = new List<Ratio>
        {
            Compare("submit (burst)", oursBurst, theirBurst, [(oursFirst, bareFirst), (oursSecond, bareSecond)]),
            Compare("status lookup (storm)", oursStorm, theirStorm, [.. oursStormParts.Zip(bareStormParts)]),
        };

        var failures = new List<string>();
        if (reconciliation.Lost > 0)
        {
            failures.Add($"{reconciliation.Lost} acknowledged applications are not stored");
        }

        if (reconciliation.Duplicates > 0)
        {
            failures.Add($"{reconciliation.Duplicates} duplicate applications");
        }

        failures.AddRange(roundTrips.Where(r => !r.Met).Select(r => $"{r.Operation} costs {r.Reads} reads and {r.Writes} writes (goal {r.Goal})"));

        // Last, so the crash and the cuts disturb none of the figures above.
        var chaos = await Chaos.RunAsync(emulators, options, CreateCountyAsync, cancellationToken);
        if (chaos.Reconciliation.Lost > 0 || chaos.Reconciliation.Duplicates > 0)
        {
            failures.Add($"through the crash and the cuts: {chaos.Reconciliation.Lost} lost, {chaos.Reconciliation.Duplicates} duplicate applications");
        }

        if (chaos.Converged < chaos.Parents)
        {
            failures.Add($"through the crash and the cuts: {chaos.Parents - chaos.Converged} parents never got their application");
        }

        return new LoadReport(ranAt, options, scenarios, roundTrips, reconciliation, ratios, chaos, Math.Max(peak.Peak, Process.GetCurrentProcess().PeakWorkingSet64), failures);
    }

    private sealed record Lookup(VirtualParent Parent, (string Id, string SchoolId) Application);

    /// <summary>Each phone that was told "submitted" (once per parent), refreshing its status <paramref name="rounds"/> times.</summary>
    private static List<Lookup> Lookups(IEnumerable<Scenario.Outcome<VirtualParent>> outcomes, int rounds) =>
        outcomes.Where(o => o.Sent?.Application() is not null).DistinctBy(o => o.Item)
            .SelectMany(o => Enumerable.Repeat(new Lookup(o.Item, o.Sent!.Application()!.Value), rounds)).ToList();

    /// <summary>A burst's parents, signed in: new families, some children also on a second guardian's phone, some retries.</summary>
    private static async Task<IReadOnlyList<VirtualParent>> NewBurstAsync(Families families, HttpClient ours, LoadOptions options, CancellationToken cancellationToken)
    {
        var parents = Enumerable.Range(0, options.Parents).Select(_ => families.NewParent(ours)).ToList();
        var secondPhones = parents.Take(options.TwoPhoneChildren).Select(p => families.SecondPhone(ours, p)).ToList();
        await SignInAllAsync([.. parents, .. secondPhones], options.Concurrency, cancellationToken);
        return [.. parents, .. secondPhones, .. parents.TakeLast(options.Retries)];
    }

    /// <summary>A warm-up burst on each target; the ids of the applications it left with ours.</summary>
    private static async Task<IReadOnlyList<string>> WarmUpAsync(Families families, HttpClient ours, HttpClient theirs, int count, int concurrency, int statusRounds, CancellationToken cancellationToken)
    {
        var parents = Enumerable.Range(0, count).Select(_ => families.NewParent(ours)).ToList();
        await SignInAllAsync(parents, concurrency, cancellationToken);
        var stored = await Task.WhenAll(parents.Select(p => p.SubmitAsync(SubmitPath, withKey: true, cancellationToken)));
        var bareStored = await Task.WhenAll(parents.Select(p => p.On(theirs).SubmitAsync(BareSubmitPath, withKey: false, cancellationToken)));
        // The status lookups too: left cold, ours (the longer path) would pay its first compilations in the storm's first round.
        await RefreshAsync(parents.Zip(stored, (p, s) => (Parent: p, Path: StatusPath(s.Application()))));
        await RefreshAsync(parents.Zip(bareStored, (p, s) => (Parent: p.On(theirs), Path: BareStatusPath(s.Application()))));
        return [.. stored.Select(s => s.Application()).OfType<(string Id, string SchoolId)>().Select(a => a.Id)];

        Task RefreshAsync(IEnumerable<(VirtualParent Parent, string Path)> lookups) =>
            Parallel.ForEachAsync(lookups.SelectMany(l => Enumerable.Repeat(l, statusRounds)), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (l, ct) => await l.Parent.GetAsync(l.Path, ct));
    }

    private const string SubmitPath = "/api/parent/applications";
    private const string BareSubmitPath = "/bare/applications";

    private static string StatusPath((string Id, string SchoolId)? application) => $"/api/parent/applications/{application?.Id}";

    private static string BareStatusPath((string Id, string SchoolId)? application) => $"/bare/applications/{application?.SchoolId}/{application?.Id}";

    /// <summary>Status-storm rounds per target, run in pairs alternating which target goes first.</summary>
    private const int StormPairs = 4;

    private static List<T> Part<T>(List<T> items, int part, int parts) => items[(items.Count * part / parts)..(items.Count * (part + 1) / parts)];

    private static Ratio Compare(string operation, ScenarioResult ours, ScenarioResult bare, IReadOnlyList<(ScenarioResult Ours, ScenarioResult Bare)> pairs) =>
        new(operation, ours.RequestsPerSecond, bare.RequestsPerSecond, OursOverBare(ours, bare), RatioGoal, [.. pairs.Select(p => OursOverBare(p.Ours, p.Bare))]);

    private static double OursOverBare(ScenarioResult ours, ScenarioResult bare) =>
        bare.RequestsPerSecond == 0 ? 0 : Math.Round(ours.RequestsPerSecond / bare.RequestsPerSecond, 2);

    /// <summary>A county like the demo one, registration open now, in the app's own database.</summary>
    private static async Task<County> CreateCountyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<StorageSetup>().EnsureCreatedAsync(cancellationToken);
        var id = "load" + Guid.NewGuid().ToString("N")[..8];
        var demo = DemoCounty.Create(DateTimeOffset.UtcNow);
        var county = demo with
        {
            Id = id,
            Name = "压力测试县",
            Schools = demo.Schools.Select(s => s with { Id = s.Id.Replace(DemoCounty.Id, id) }).ToList(),
        };
        await services.GetRequiredService<ICountyStore>().UpsertAsync(county, cancellationToken);
        return county;
    }

    private static async Task SignInAllAsync(IReadOnlyList<VirtualParent> parents, int concurrency, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(parents, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (parent, ct) => await parent.SignInAsync(ct));

    private static List<T> Shuffle<T>(List<T> items)
    {
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));
        return items;
    }

    /// <summary>
    /// Reads back every school's applications (one partition each) and each one's claim, and compares them
    /// with the answers the phones got: an acknowledged application missing from storage is lost; two
    /// applications for one child (two numbers acknowledged, or two stored under its claim) are duplicates.
    /// </summary>
    internal static async Task<Reconciliation> ReconcileAsync(IServiceProvider services, County county, IReadOnlySet<string> probes,
        IReadOnlyList<Scenario.Outcome<VirtualParent>> burst, CancellationToken cancellationToken)
    {
        var containers = services.GetRequiredService<EnrollmentContainers>();
        // The round-trip probes before the burst applied for children of their own: leave them out.
        var stored = new List<(string Id, string SchoolId, string ClaimId)>();
        foreach (var school in county.Schools)
        {
            using var feed = containers.ApplicationsContainer.GetItemQueryIterator<JsonElement>(
                new QueryDefinition("SELECT c.id, c.schoolId, c.claimId FROM c"),
                requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(school.Id) });
            while (feed.HasMoreResults)
            {
                foreach (var item in (await feed.ReadNextAsync(cancellationToken)).Where(i => !probes.Contains(i.GetProperty("id").GetString()!)))
                {
                    stored.Add((item.GetProperty("id").GetString()!, item.GetProperty("schoolId").GetString()!, item.GetProperty("claimId").GetString()!));
                }
            }
        }

        var claimsNamingTheirApplication = 0;
        foreach (var application in stored)
        {
            var claim = await containers.ClaimsContainer.ReadItemStreamAsync(application.ClaimId, new PartitionKey(application.ClaimId), cancellationToken: cancellationToken);
            if (claim.IsSuccessStatusCode
                && (await JsonDocument.ParseAsync(claim.Content, cancellationToken: cancellationToken)).RootElement.GetProperty("applicationId").GetString() == application.Id)
            {
                claimsNamingTheirApplication++;
            }
        }

        var burstChildren = burst.Select(o => o.Item.ChildDocumentNumber).ToHashSet();
        var acknowledged = burst.Where(o => o.Sent?.Application() is not null)
            .GroupBy(o => o.Item.ChildDocumentNumber)
            .ToDictionary(g => g.Key, g => g.Select(o => o.Sent!.Application()!.Value.Id).ToHashSet());
        var acknowledgedIds = acknowledged.Values.SelectMany(ids => ids).ToHashSet();
        var storedIds = stored.Select(s => s.Id).ToHashSet();
        var lost = acknowledgedIds.Count(id => !storedIds.Contains(id));

        // A child's applications: every number its phones were given, and everything stored under its claim
        // (the claim id is the same for the same child, whichever phone sent it).
        var claimOf = stored.ToDictionary(s => s.Id, s => s.ClaimId);
        var byClaim = stored.GroupBy(s => s.ClaimId).ToDictionary(g => g.Key, g => g.Select(s => s.Id));
        var duplicates = acknowledged.Values.Sum(ids => ids
            .Concat(ids.Where(claimOf.ContainsKey).SelectMany(id => byClaim[claimOf[id]]))
            .Distinct().Count() - 1);
        // Stored applications nobody was told about still count when their child has another one.
        duplicates += byClaim.Values.Where(ids => !ids.Any(acknowledgedIds.Contains)).Sum(ids => ids.Count() - 1);

        return new Reconciliation(
            burstChildren.Count,
            acknowledged.Count,
            stored.Count,
            claimsNamingTheirApplication,
            lost,
            duplicates,
            stored.Count(s => !acknowledgedIds.Contains(s.Id)));
    }
}
