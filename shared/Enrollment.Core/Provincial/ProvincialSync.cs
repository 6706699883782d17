using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;

namespace Enrollment.Core.Provincial;

/// <summary>How many records go in one batch.</summary>
public sealed record ProvincialSyncSettings(int BatchSize = 100);

/// <summary>How far a school's records of one kind have been acknowledged: the last one pushed, by change time then id.</summary>
public sealed record SyncCursor(DateTimeOffset ChangedAt, string ApplicationId)
{
    public bool IsBefore(ProvincialRecord record) =>
        record.ChangedAt > ChangedAt || (record.ChangedAt == ChangedAt && string.CompareOrdinal(record.ApplicationId, ApplicationId) > 0);
}

/// <summary>The county's progress for one kind, per school; replaced under its ETag after every acknowledged batch.</summary>
public sealed record ProvincialCheckpoint(string Id, string CountyId, ProvincialRecordKind Kind, IReadOnlyDictionary<string, SyncCursor> Schools)
{
    public static string IdFor(string countyId, ProvincialRecordKind kind) => $"checkpoint-{countyId}-{kind}";
}

/// <summary>What we hold against what the province holds, for one school and kind.</summary>
/// <param name="Problem">Why the last run stopped short for this school, in words for the bureau; null when it went through.</param>
public sealed record SchoolReconciliation(
    string SchoolId,
    string SchoolName,
    ProvincialRecordKind Kind,
    int Held,
    int AtProvince,
    IReadOnlyList<string> MissingAtProvince,
    IReadOnlyList<string> UnknownToUs,
    string? Problem);

/// <summary>The county's last reconciliation with the provincial platform (对账).</summary>
public sealed record ReconciliationReport(string Id, string CountyId, DateTimeOffset At, IReadOnlyList<SchoolReconciliation> Schools)
{
    public static string IdFor(string countyId) => $"report-{countyId}";
}

/// <summary>Where the sync keeps its checkpoints and reports, per county.</summary>
public interface IProvincialSyncStore
{
    Task<Versioned<ProvincialCheckpoint>?> GetCheckpointAsync(string countyId, ProvincialRecordKind kind, CancellationToken cancellationToken);

    /// <summary>Creates the checkpoint (no <paramref name="etag"/>) or replaces it under the ETag; the new ETag, or null when another run saved first.</summary>
    Task<string?> TrySaveCheckpointAsync(ProvincialCheckpoint checkpoint, string? etag, CancellationToken cancellationToken);

    Task SaveReportAsync(ReconciliationReport report, CancellationToken cancellationToken);

    Task<ReconciliationReport?> GetReportAsync(string countyId, CancellationToken cancellationToken);
}

public sealed record ProvincialSyncRun(int Batches, int Records);

/// <summary>
/// Pushes each county's applications, admissions and placements to the provincial platform, per school,
/// in batches ordered by change time, and reconciles afterwards. The checkpoint moves only past a batch
/// the province acknowledged, so a failure mid-way resumes at the first unacknowledged batch: nothing is
/// skipped, and a batch sent again carries the same content-derived id, so nothing is stored twice.
/// Idempotent and safe when late: it looks only at stored state.
/// </summary>
public sealed class ProvincialSync(
    ICountyStore counties,
    IApplicationStore applications,
    IProvincialSyncStore store,
    IProvincialPlatform platform,
    StudentRecordForm form,
    ProvincialSyncSettings settings,
    TimeProvider time)
{
    /// <summary>
    /// A change is stamped when it is decided and stored a moment later, so one stamped earlier can land after
    /// one stamped later. Only changes older than this are pushed, so the cursor never passes one still on its way.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions BatchJson = new(JsonSerializerDefaults.Web);

    public async Task<ProvincialSyncRun> RunAsync(CancellationToken cancellationToken)
    {
        var run = new ProvincialSyncRun(0, 0);
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            run = Add(run, await SyncCountyAsync(county, cancellationToken));
        }

        return run;
    }

    public async Task<ProvincialSyncRun> SyncCountyAsync(County county, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var held = new Dictionary<string, IReadOnlyList<Application>>();
        foreach (var school in county.Schools)
        {
            var list = new List<Application>();
            await foreach (var application in applications.ListAsync(school.Id, county.EnrollmentYear, cancellationToken))
            {
                if (application.CountyId == county.Id && application.EnrollmentYear == county.EnrollmentYear)
                {
                    list.Add(application);
                }
            }

            held[school.Id] = list;
        }

        var run = new ProvincialSyncRun(0, 0);
        var problems = new Dictionary<(string, ProvincialRecordKind), string>();
        foreach (var kind in Enum.GetValues<ProvincialRecordKind>())
        {
            run = Add(run, await PushKindAsync(county, kind, held, now - SettleTime, problems, cancellationToken));
        }

        var rows = new List<SchoolReconciliation>();
        foreach (var school in county.Schools)
        {
            foreach (var kind in Enum.GetValues<ProvincialRecordKind>())
            {
                rows.Add(await ReconcileAsync(county, school, kind, held[school.Id], problems.GetValueOrDefault((school.Id, kind)), cancellationToken));
            }
        }

        await store.SaveReportAsync(new ReconciliationReport(ReconciliationReport.IdFor(county.Id), county.Id, now, rows), cancellationToken);
        return run;
    }

    /// <summary>The records of a kind among a school's applications: every application, the admissions, the placements.</summary>
    public IReadOnlyList<ProvincialRecord> RecordsOf(County county, School school, ProvincialRecordKind kind, IEnumerable<Application> held) => kind switch
    {
        ProvincialRecordKind.Application => held.Select(a => Record(a, school, StudentRecordForm.IdentityKeys)).ToList(),
        ProvincialRecordKind.Admission => held.Where(a => AdmittedLists.IsAdmittedThroughPublishedProcess(a, county))
            .Select(a => Record(a, school, AllKeys)).ToList(),
        ProvincialRecordKind.Placement => held.Where(a => a.Circumstances.DisabilityPlacement is not null && a.Status != ApplicationStatus.Withdrawn)
            .Select(a => Placement(a, school)).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The same records give the same id, on every try.</summary>
    public static string BatchIdOf(string countyId, string schoolId, ProvincialRecordKind kind, IReadOnlyList<ProvincialRecord> records) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { countyId, schoolId, kind = kind.ToString(), records }, BatchJson))));

    private async Task<ProvincialSyncRun> PushKindAsync(
        County county,
        ProvincialRecordKind kind,
        IReadOnlyDictionary<string, IReadOnlyList<Application>> held,
        DateTimeOffset settledBy,
        Dictionary<(string, ProvincialRecordKind), string> problems,
        CancellationToken cancellationToken)
    {
        var stored = await store.GetCheckpointAsync(county.Id, kind, cancellationToken);
        var checkpoint = stored?.Value ?? new ProvincialCheckpoint(ProvincialCheckpoint.IdFor(county.Id, kind), county.Id, kind, new Dictionary<string, SyncCursor>());
        var etag = stored?.ETag;
        var run = new ProvincialSyncRun(0, 0);
        foreach (var school in county.Schools)
        {
            var cursor = checkpoint.Schools.GetValueOrDefault(school.Id);
            var pending = RecordsOf(county, school, kind, held[school.Id])
                .Where(r => r.ChangedAt <= settledBy && (cursor is null || cursor.IsBefore(r)))
                .OrderBy(r => r.ChangedAt)
                .ThenBy(r => r.ApplicationId, StringComparer.Ordinal)
                .ToList();

            foreach (var records in pending.Chunk(settings.BatchSize))
            {
                var batch = new ProvincialBatch(BatchIdOf(county.Id, school.Id, kind, records), county.Id, school.Id, kind, records);
                var push = await platform.PushAsync(batch, cancellationToken);
                if (push is not ProvincialPush.Acknowledged)
                {
                    problems[(school.Id, kind)] = Describe(push);
                    break;
                }

                var last = records[^1];
                checkpoint = checkpoint with
                {
                    Schools = new Dictionary<string, SyncCursor>(checkpoint.Schools) { [school.Id] = new SyncCursor(last.ChangedAt, last.ApplicationId) },
                };
                etag = await store.TrySaveCheckpointAsync(checkpoint, etag, cancellationToken);
                run = Add(run, new ProvincialSyncRun(1, records.Length));
                if (etag is null)
                {
                    // Another run moved this checkpoint meanwhile: it carries on from there, and this one stops
                    // rather than overwrite its progress. The batch it just sent is stored once either way.
                    return run;
                }
            }
        }

        return run;
    }

    private async Task<SchoolReconciliation> ReconcileAsync(County county, School school, ProvincialRecordKind kind, IReadOnlyList<Application> held, string? problem, CancellationToken cancellationToken)
    {
        var ours = RecordsOf(county, school, kind, held).Select(r => r.ApplicationId).ToHashSet(StringComparer.Ordinal);
        var answer = await platform.ListAsync(county.Id, school.Id, kind, cancellationToken);
        if (answer is not ProvincialHoldings.Held theirs)
        {
            var reason = ((ProvincialHoldings.Unavailable)answer).Reason;
            return new SchoolReconciliation(school.Id, school.Name, kind, ours.Count, 0, [], [], problem ?? Describe(reason));
        }

        var province = theirs.ApplicationIds.ToHashSet(StringComparer.Ordinal);
        return new SchoolReconciliation(school.Id, school.Name, kind, ours.Count, province.Count,
            ours.Except(province).Order(StringComparer.Ordinal).ToList(),
            province.Except(ours).Order(StringComparer.Ordinal).ToList(),
            problem);
    }

    private ProvincialRecord Record(Application application, School school, IReadOnlySet<string> keys) =>
        new(application.Id, application.Status.ToString(), application.History.Count > 0 ? application.History[^1].At : application.SubmittedAt,
            form.Values(application, school, keys));

    /// <summary>The identity fields, the disability type and the placement: 1 regular class (随班就读), 2 special school, 3 teaching at home (送教上门).</summary>
    private ProvincialRecord Placement(Application application, School school)
    {
        var record = Record(application, school, PlacementKeys);
        var placement = ((int)application.Circumstances.DisabilityPlacement!.Value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return record with { Fields = new Dictionary<string, string>(record.Fields, StringComparer.Ordinal) { ["placement"] = placement } };
    }

    private static readonly IReadOnlySet<string> AllKeys = StudentRecordForm.Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);

    private static readonly IReadOnlySet<string> PlacementKeys = StudentRecordForm.IdentityKeys.Append("disabilityType").ToHashSet(StringComparer.Ordinal);

    private static string Describe(ProvincialPush push) => push switch
    {
        ProvincialPush.Rejected r => $"省级平台拒收：{r.Reason}。请核对数据后联系省级平台，修正前本校该类数据不再推送。",
        ProvincialPush.Unavailable u => Describe(u.Reason),
        _ => throw new ArgumentOutOfRangeException(nameof(push), push, null),
    };

    private static string Describe(Unavailability reason) => reason == Unavailability.NotConfigured
        ? "尚未配置省级平台的地址，数据没有推送。"
        : $"省级平台暂时无法连接（{reason}），下次同步时从中断处继续。";

    private static ProvincialSyncRun Add(ProvincialSyncRun a, ProvincialSyncRun b) => new(a.Batches + b.Batches, a.Records + b.Records);
}
