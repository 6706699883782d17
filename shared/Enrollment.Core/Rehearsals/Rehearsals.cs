using System.Collections.Concurrent;
using Enrollment.Core.Admission;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Checks;
using Enrollment.Core.Counties;
using Enrollment.Core.Lottery;
using Enrollment.Core.Review;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Rehearsals;

/// <summary>
/// The services a rehearsal runs, built for it alone: over the counties as stored (its practice copy included), with
/// the fake departments, the in-memory families and lottery files. Everything else they touch is the real storage,
/// in the practice copy's own partitions.
/// </summary>
public sealed record RehearsalKit(
    ICountyStore Counties, IApplicationStore Store, ApplicationService Applications, ReviewStart ReviewStart, Reviews Reviews, Lotteries Lotteries, Admissions Admissions);

public interface IRehearsalStore
{
    Task SaveReportAsync(RehearsalReport report, CancellationToken cancellationToken);

    Task<RehearsalReport?> GetReportAsync(string rehearsalId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes everything stored under the practice copy: its schools' applications with their child claims, every
    /// item in its county partitions (audit, lotteries, admission lists, the report), and the copy itself, last, so an
    /// interrupted wipe is finished by the next.
    /// </summary>
    Task WipeAsync(County rehearsal, CancellationToken cancellationToken);
}

/// <summary>The rehearsal's report: counts per step, the slowest single operation of each, and every error.</summary>
public sealed record RehearsalReport(
    string Id,
    string CountyId,
    string RehearsalOf,
    int Families,
    int Children,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<RehearsalStep> Steps,
    IReadOnlyList<RehearsalError> Errors)
{
    public const string DocumentId = "rehearsal.report";
}

/// <param name="Note">What the step did, in the officer's words (核验一致 812 项，需补传材料 97 项).</param>
public sealed record RehearsalStep(string Name, int Count, int Errors, double Seconds, double SlowestMs, string Note);

/// <param name="What">Which family or school and what happened; synthetic data only, never a real person's.</param>
public sealed record RehearsalError(string Step, string What);

public abstract record RehearsalOutcome
{
    private RehearsalOutcome()
    {
    }

    public sealed record Done(RehearsalReport Report) : RehearsalOutcome;

    public sealed record NotFound : RehearsalOutcome;

    public sealed record ReadOnly : RehearsalOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : RehearsalOutcome;

    /// <summary>A practice copy is still stored: the officer reads its report and wipes it before the next.</summary>
    public sealed record StillStored : RehearsalOutcome;

    /// <summary>Wiped: nothing of the rehearsal is stored any more.</summary>
    public sealed record Wiped : RehearsalOutcome;
}

/// <summary>
/// 演练 (运行测试): the bureau tries its opening day before the parents come. A practice copy of the county, marked
/// 演练, with its own ids (so its own partitions), takes a burst of synthetic families through every step:
/// registration, data-sharing checks against fakes, review, lottery, admission and the families' results. No real
/// phone, department or provincial platform is reached and no public page shows it (<see cref="RealCounties"/>).
/// The officer gets a report and one action wipes it all.
/// </summary>
public sealed class Rehearsals(ICountyStore counties, IRehearsalStore store, Func<RehearsalKit> kits, IAuditLog audit, TimeProvider time)
{
    public const int MinChildren = 10;
    public const int MaxChildren = 1000;
    private const int Parallelism = 16;
    private const int MaxErrors = 200;

    public static string IdFor(string countyId) => $"{countyId}.rehearsal";

    public static string SchoolIdFor(string schoolId) => $"{schoolId}.rehearsal";

    /// <summary>The last rehearsal's report, for the county's officers and auditors; null when there is none (or for anyone else).</summary>
    public async Task<RehearsalReport?> ReportAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken) =>
        staff.CanAudit(countyId) && await counties.GetAsync(countyId, cancellationToken) is not null
            ? await store.GetReportAsync(IdFor(countyId), cancellationToken)
            : null;

    public async Task<RehearsalOutcome> RunAsync(StaffAccount staff, string countyId, int? children, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county)
        {
            return new RehearsalOutcome.NotFound();
        }

        if (!staff.CanConfigure(countyId))
        {
            return new RehearsalOutcome.ReadOnly();
        }

        if (children is not (>= MinChildren and <= MaxChildren))
        {
            return new RehearsalOutcome.Invalid(new Dictionary<string, string[]> { ["children"] = [$"请填写演练的学生人数，{MinChildren} 至 {MaxChildren} 人。"] });
        }

        if (county.Schools.Count == 0)
        {
            return new RehearsalOutcome.Invalid(new Dictionary<string, string[]> { ["$.schools"] = ["本县还没有学校：请先导入学校、片区和招生计划，再进行演练。"] });
        }

        var kit = kits();
        var startedAt = time.GetUtcNow();
        var (copy, families) = PracticeCopy(county, children.Value, startedAt);
        var run = new Run(copy, time);
        if (!await run.StepAsync("复制配置", 1, () => kit.Counties.TryCreateAsync(copy, cancellationToken), created => created ? null : "上一次演练的数据还没有清除"))
        {
            return new RehearsalOutcome.StillStored();
        }

        await audit.AppendAsync(AuditEntry.By(staff, county.Id, startedAt, AuditActions.StartRehearsal, "rehearsal", copy.Id, reason: null, after: $"children={children}"), cancellationToken);
        var applications = await RegisterAsync(run, kit, families, cancellationToken);
        await ReviewAsync(run, kit, applications, cancellationToken);
        await DrawAsync(run, kit, families, cancellationToken);
        await AdmitAsync(run, kit, cancellationToken);
        await ResultsAsync(run, kit, applications, cancellationToken);

        var report = new RehearsalReport(RehearsalReport.DocumentId, copy.Id, county.Id, families.Count, families.Sum(f => f.Children.Count), startedAt, time.GetUtcNow(),
            run.Steps, run.Errors.Take(MaxErrors).ToList());
        await store.SaveReportAsync(report, cancellationToken);
        return new RehearsalOutcome.Done(report);
    }

    public async Task<RehearsalOutcome> WipeAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county)
        {
            return new RehearsalOutcome.NotFound();
        }

        if (!staff.CanConfigure(countyId))
        {
            return new RehearsalOutcome.ReadOnly();
        }

        // Only ever the practice copy named after this county, and only when it says it is one.
        if (await kits().Counties.GetAsync(IdFor(county.Id), cancellationToken) is not { RehearsalOf: { } of } rehearsal || of != county.Id)
        {
            return new RehearsalOutcome.NotFound();
        }

        await store.WipeAsync(rehearsal, cancellationToken);
        await audit.AppendAsync(AuditEntry.By(staff, county.Id, time.GetUtcNow(), AuditActions.WipeRehearsal, "rehearsal", rehearsal.Id, reason: null), cancellationToken);
        return new RehearsalOutcome.Wiped();
    }

    /// <summary>
    /// The county copied under its own ids, registration open now, and its synthetic families. A private school gets
    /// places for two in three of its applicants, so even a small rehearsal draws lots.
    /// </summary>
    private static (County Copy, IReadOnlyList<SyntheticFamily> Families) PracticeCopy(County county, int children, DateTimeOffset now)
    {
        var copy = county with
        {
            Id = IdFor(county.Id),
            Name = $"{county.Name}（演练）",
            Version = 1,
            PendingAudit = null,
            DraftTexts = null,
            SchoolRules = null,
            ConfirmAdmissionsAtClose = false,
            RehearsalOf = county.Id,
            Schools = county.Schools.Select(s => s with { Id = SchoolIdFor(s.Id) }).ToList(),
        };
        copy = copy with { Calendar = Phase(copy, now, now, WindowKind.Registration) };
        var families = SyntheticFamilies.For(copy, children);
        var applicants = families.SelectMany(f => f.Children).GroupBy(c => c.SchoolIds![0]).ToDictionary(g => g.Key, g => g.Count());
        copy = copy with
        {
            Schools = copy.Schools.Select(s => s.Kind == SchoolKind.Private && applicants.GetValueOrDefault(s.Id) is > 1 and var count
                ? s with { Plan = s.Plan with { Places = count * 2 / 3, Classes = Math.Max(1, (count * 2 / 3 + 44) / 45) } }
                : s).ToList(),
        };
        return (copy, families);
    }

    /// <summary>The calendar for a step: registration (open, or closed from now on), and these steps open from now.</summary>
    private static WindowCalendar Phase(County copy, DateTimeOffset startedAt, DateTimeOffset now, params WindowKind[] open)
    {
        var registration = open.Contains(WindowKind.Registration)
            ? new Window(startedAt.AddMinutes(-1), startedAt.AddDays(1))
            : new Window(startedAt.AddMinutes(-1), now.AddSeconds(-1));
        var settings = new List<WindowSetting>();
        foreach (var stage in copy.Schools.Select(s => s.Stage).Distinct())
        {
            settings.Add(new WindowSetting(WindowKind.Registration, stage, null, registration));
            settings.AddRange(open.Where(k => k != WindowKind.Registration).Select(k => new WindowSetting(k, stage, null, new Window(now.AddMinutes(-1), now.AddDays(1)))));
        }

        return new WindowCalendar(settings, Pause: null, Scheduled: []);
    }

    private async Task MoveToAsync(Run run, RehearsalKit kit, CancellationToken cancellationToken, params WindowKind[] open)
    {
        run.Copy = run.Copy with { Calendar = Phase(run.Copy, run.StartedAt, time.GetUtcNow(), open) };
        await kit.Counties.UpsertAsync(run.Copy, cancellationToken);
    }

    /// <summary>集中报名: every family submits at once (as many at a time as a busy morning), attaching a document where the check asks for one.</summary>
    private static async Task<IReadOnlyList<(SyntheticFamily Family, Application Application)>> RegisterAsync(
        Run run, RehearsalKit kit, IReadOnlyList<SyntheticFamily> families, CancellationToken cancellationToken)
    {
        var accepted = new ConcurrentBag<(SyntheticFamily, Application)>();
        int matched = 0, documents = 0;
        var submissions = families.SelectMany(f => f.Children.Select((form, i) => (Family: f, Form: form, Key: $"rehearsal-{f.Number}-{i}"))).ToList();
        await run.ManyAsync("集中报名", submissions, async s =>
        {
            var outcome = await kit.Applications.SubmitAsync(s.Family.ParentId, s.Form, s.Key, draftId: null, cancellationToken);
            if (outcome is SubmitOutcome.DocumentsNeeded needed)
            {
                Interlocked.Add(ref documents, needed.Facts.Count(f => f.NeedsDocument));
                var attached = needed.Facts.Select(f => f.NeedsDocument ? f with { UploadId = $"rehearsal-{s.Family.Number}-{f.Kind}" } : f).ToList();
                outcome = await kit.Applications.SubmitAsync(s.Family.ParentId, s.Form, s.Key, draftId: null, cancellationToken, attached);
            }

            if (outcome is not SubmitOutcome.Accepted { Application: var application })
            {
                return $"第{s.Family.Number}户：{Describe(outcome)}";
            }

            Interlocked.Add(ref matched, application.Facts.Count(f => f.Status == FactStatus.Matched));
            accepted.Add((s.Family, application));
            return null;
        }, cancellationToken);
        run.Note("部门数据核验", accepted.Count, $"核验一致 {matched} 项，核验不一致由家庭补传材料 {documents} 项（演练中由模拟部门答复，未联系任何部门）");
        return [.. accepted];
    }

    /// <summary>学校审核: registration closes, applications move into review, and each school decides: those outside its catchment are not admitted.</summary>
    private async Task ReviewAsync(Run run, RehearsalKit kit, IReadOnlyList<(SyntheticFamily Family, Application Application)> applications, CancellationToken cancellationToken)
    {
        await MoveToAsync(run, kit, cancellationToken, WindowKind.Review, WindowKind.Lottery);
        await kit.ReviewStart.RunAsync(run.Copy, cancellationToken);
        var reviewer = run.Staff(StaffRole.SchoolReviewer);
        int approved = 0, rejected = 0;
        await run.ManyAsync("学校审核", applications, async a =>
        {
            var decided = await DecideAsync(run, kit, reviewer, a.Application.Id, a.Application.SchoolId, cancellationToken);
            if (decided is null)
            {
                return $"第{a.Family.Number}户：审核未完成";
            }

            Interlocked.Increment(ref decided.Value ? ref approved : ref rejected);
            return null;
        }, cancellationToken);
        run.Note("学校审核", applications.Count, $"审核通过 {approved} 份，片区外不通过 {rejected} 份");
    }

    /// <summary>One reviewer's decision on an application as it now stands: outside a public school's catchment not admitted, else approved; null when it could not be made.</summary>
    private static async Task<bool?> DecideAsync(Run run, RehearsalKit kit, StaffAccount reviewer, string applicationId, string schoolId, CancellationToken cancellationToken)
    {
        if (await kit.Store.GetVersionedApplicationAsync(applicationId, schoolId, cancellationToken) is not { } current)
        {
            return null;
        }

        var outside = run.Copy.FindSchool(schoolId) is { Kind: SchoolKind.Public } && CatchmentLookup.Check(run.Copy, current.Value) is { InCatchment: false };
        var outcome = outside
            ? await kit.Reviews.RejectAsync(reviewer, schoolId, applicationId, current.ETag, RejectionReason.OutsideCatchment, "住址不在本校招生片区，由教育局统筹安排。", cancellationToken)
            : await kit.Reviews.ApproveAsync(reviewer, schoolId, applicationId, current.ETag, siblingConfirmed: null, cancellationToken);
        return outcome is ReviewOutcome<Versioned<Application>>.Done ? !outside : null;
    }

    /// <summary>随机派位: every oversubscribed school freezes its list and draws; the families offered a place confirm it.</summary>
    private async Task DrawAsync(Run run, RehearsalKit kit, IReadOnlyList<SyntheticFamily> families, CancellationToken cancellationToken)
    {
        var officer = run.Staff(StaffRole.BureauOfficer);
        var parents = families.SelectMany(f => f.Children.Select(_ => f.ParentId)).Distinct().ToHashSet();
        int drawn = 0, offered = 0;
        await run.ManyAsync("随机派位", run.Copy.Schools, async school =>
        {
            var frozen = await kit.Lotteries.FreezeAsync(officer, run.Copy.Id, school.Id, cancellationToken);
            if (frozen is LotteryOutcome.Refused { Reason: LotteryRefusal.NotOversubscribed })
            {
                return null;
            }

            var draw = frozen is LotteryOutcome.Done
                ? await kit.Lotteries.DrawAsync(officer, run.Copy.Id, school.Id, new SeedInputs("0 1 2 3 4 5 6", "https://example.org/rehearsal", Random.Shared.Next(1000, 10000).ToString()), null, cancellationToken)
                : frozen;
            if (draw is not LotteryOutcome.Done)
            {
                return $"{school.Name}：派位未完成（{draw.GetType().Name}）";
            }

            Interlocked.Increment(ref drawn);
            await foreach (var application in kit.Store.ListByStatusAsync(school.Id, run.Copy.EnrollmentYear, ApplicationStatus.Offered, cancellationToken))
            {
                if (parents.Contains(application.ParentId)
                    && await kit.Lotteries.RespondAsync(application.ParentId, new ApplicationReference(application.Id, application.SchoolId), accept: true, cancellationToken) is OfferOutcome.Done)
                {
                    Interlocked.Increment(ref offered);
                }
            }

            return null;
        }, cancellationToken);
        run.Note("随机派位", drawn, drawn == 0 ? "没有学校报名人数超过招生计划，不需派位" : $"{drawn} 所学校派位，{offered} 个家庭确认学位");
    }

    /// <summary>
    /// 录取, in the order of 公民同招: the private schools confirm their lists; the children their lotteries did not admit
    /// move on to a public school and are reviewed there; then the public schools confirm theirs. (Were the two at once,
    /// a public list could change between its head's approval and the bureau's confirmation, by chance.)
    /// </summary>
    private async Task AdmitAsync(Run run, RehearsalKit kit, CancellationToken cancellationToken)
    {
        await MoveToAsync(run, kit, cancellationToken, WindowKind.Admission, WindowKind.Results);
        var publics = run.Copy.Schools.Where(s => s.Kind == SchoolKind.Public).ToList();
        await AdmitAsync(run, kit, "录取（民办）", run.Copy.Schools.Where(s => s.Kind == SchoolKind.Private).ToList(), cancellationToken);
        await ReviewMovedAsync(run, kit, publics, cancellationToken);
        await AdmitAsync(run, kit, "录取（公办）", publics, cancellationToken);
    }

    /// <summary>转入公办审核: the public schools review the children a private school's lottery sent on to them.</summary>
    private static async Task ReviewMovedAsync(Run run, RehearsalKit kit, IReadOnlyList<School> publics, CancellationToken cancellationToken)
    {
        var moved = new List<Application>();
        foreach (var school in publics)
        {
            await foreach (var application in kit.Store.ListByStatusAsync(school.Id, run.Copy.EnrollmentYear, ApplicationStatus.UnderReview, cancellationToken))
            {
                moved.Add(application);
            }
        }

        var reviewer = run.Staff(StaffRole.SchoolReviewer);
        int approved = 0, rejected = 0;
        await run.ManyAsync("转入公办审核", moved, async application =>
        {
            var decided = await DecideAsync(run, kit, reviewer, application.Id, application.SchoolId, cancellationToken);
            if (decided is null)
            {
                return $"报名 {application.Id}：转入公办学校后审核未完成";
            }

            Interlocked.Increment(ref decided.Value ? ref approved : ref rejected);
            return null;
        }, cancellationToken);
        run.Note("转入公办审核", moved.Count, $"民办学校派位未得学位、转入公办学校审核 {moved.Count} 份：通过 {approved} 份，不通过 {rejected} 份");
    }

    private static async Task AdmitAsync(Run run, RehearsalKit kit, string step, IReadOnlyList<School> schools, CancellationToken cancellationToken)
    {
        var head = run.Staff(StaffRole.SchoolHead);
        var officer = run.Staff(StaffRole.BureauOfficer);
        await run.ManyAsync(step, schools, async school =>
        {
            var sheet = await kit.Admissions.GetAsync(head, run.Copy.Id, school.Id, cancellationToken);
            var approved = sheet is null ? null : await kit.Admissions.ApproveAsync(head, run.Copy.Id, school.Id, sheet.ETag, cancellationToken);
            sheet = await kit.Admissions.GetAsync(officer, run.Copy.Id, school.Id, cancellationToken);
            var confirmed = approved is AdmissionOutcome.Done && sheet is not null ? await kit.Admissions.ConfirmAsync(officer, run.Copy.Id, school.Id, sheet.ETag, cancellationToken) : approved;
            return confirmed switch
            {
                AdmissionOutcome.Done => null,
                AdmissionOutcome.Refused refused => $"{school.Name}：{refused.Detail}",
                var other => $"{school.Name}：录取未完成（{other?.GetType().Name ?? "找不到名单"}）",
            };
        }, cancellationToken);
    }

    /// <summary>结果查询: every family looks its result up, as on the evening results are published.</summary>
    private static async Task ResultsAsync(Run run, RehearsalKit kit, IReadOnlyList<(SyntheticFamily Family, Application Application)> applications, CancellationToken cancellationToken)
    {
        var statuses = new ConcurrentDictionary<ApplicationStatus, int>();
        await run.ManyAsync("结果查询", applications, async a =>
        {
            var found = await kit.Applications.GetAsync(a.Family.ParentId, new ApplicationReference(a.Application.Id, a.Application.SchoolId), cancellationToken);
            if (found is null)
            {
                return $"第{a.Family.Number}户：查不到报名结果";
            }

            statuses.AddOrUpdate(found.Status, 1, (_, n) => n + 1);
            return null;
        }, cancellationToken);
        run.Note("结果查询", applications.Count, string.Join("，", statuses.OrderBy(s => s.Key).Select(s => $"{StatusName(s.Key)} {s.Value}")));
    }

    private static string Describe(SubmitOutcome outcome) => outcome switch
    {
        SubmitOutcome.Invalid invalid => "表单未通过校验（" + string.Join("、", invalid.Errors.Keys.Take(3)) + "）",
        SubmitOutcome.WindowNotOpen => "报名时间未开放",
        SubmitOutcome.TooYoung => "未到入学年龄",
        SubmitOutcome.AlreadyApplied => "重复报名",
        SubmitOutcome.DocumentsNeeded => "补传材料后仍需材料",
        _ => outcome.GetType().Name,
    };

    private static string StatusName(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Admitted => "录取",
        ApplicationStatus.NotAdmitted => "未录取（统筹安排）",
        ApplicationStatus.Rejected => "审核不通过",
        ApplicationStatus.Waitlisted => "候补",
        ApplicationStatus.Eligible => "审核通过待录取",
        _ => status.ToString(),
    };

    /// <summary>One rehearsal's progress: the copy as it stands, the steps timed so far and the errors met.</summary>
    private sealed class Run(County copy, TimeProvider time)
    {
        private readonly List<RehearsalStep> _steps = [];

        public County Copy { get; set; } = copy;

        public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

        public ConcurrentQueue<RehearsalError> Errors { get; } = new();

        public IReadOnlyList<RehearsalStep> Steps => _steps;

        /// <summary>A member of staff of the practice copy, held only in memory: it signs in nowhere.</summary>
        public StaffAccount Staff(StaffRole role) => new($"rehearsal-{role}".ToLowerInvariant(), "演练", role, Copy.Id, Copy.Schools.Select(s => s.Id).ToList(),
            PasswordHash: null, TotpSecretEncrypted: null, LastTotpStep: 0, FailedSignIns: 0, LockedUntil: null, SessionStamp: "rehearsal", Disabled: false, CreatedAt: StartedAt);

        public async Task<bool> StepAsync(string name, int count, Func<Task<bool>> step, Func<bool, string?> error)
        {
            var started = time.GetTimestamp();
            var done = await step();
            var elapsed = time.GetElapsedTime(started);
            var failed = error(done);
            if (failed is not null)
            {
                Errors.Enqueue(new RehearsalError(name, failed));
            }

            _steps.Add(new RehearsalStep(name, count, failed is null ? 0 : 1, Math.Round(elapsed.TotalSeconds, 2), Math.Round(elapsed.TotalMilliseconds, 1), ""));
            return done;
        }

        /// <summary>Runs the step for every item, as many at a time as a busy morning; an item answers its error, or null.</summary>
        public async Task ManyAsync<T>(string name, IReadOnlyCollection<T> items, Func<T, Task<string?>> each, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            long slowestTicks = 0;
            var errors = 0;
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, _) =>
            {
                var one = time.GetTimestamp();
                string? error;
                try
                {
                    error = await each(item);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error = $"出错：{e.GetType().Name}";
                }

                var ticks = time.GetElapsedTime(one).Ticks;
                long seen;
                while ((seen = Interlocked.Read(ref slowestTicks)) < ticks && Interlocked.CompareExchange(ref slowestTicks, ticks, seen) != seen)
                {
                }

                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    Errors.Enqueue(new RehearsalError(name, error));
                }
            });
            var elapsed = time.GetElapsedTime(started);
            _steps.Add(new RehearsalStep(name, items.Count, errors, Math.Round(elapsed.TotalSeconds, 2), Math.Round(TimeSpan.FromTicks(slowestTicks).TotalMilliseconds, 1), ""));
        }

        /// <summary>Adds the officer's note to a step already timed, or a step of its own (the checks ran inside registration).</summary>
        public void Note(string name, int count, string note)
        {
            var index = _steps.FindIndex(s => s.Name == name);
            if (index >= 0)
            {
                _steps[index] = _steps[index] with { Note = note };
            }
            else
            {
                _steps.Add(new RehearsalStep(name, count, 0, 0, 0, note));
            }
        }
    }
}
