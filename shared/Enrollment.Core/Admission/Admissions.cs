using System.Security.Cryptography;
using System.Text;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Admission;

public enum AdmissionListState
{
    /// <summary>The school's head approved it; the bureau has not confirmed it yet.</summary>
    Approved,

    /// <summary>The bureau confirmed it: every child on it was admitted.</summary>
    Confirmed,
}

/// <summary>
/// 录取名单: a school's final list as its head approved it and the bureau confirmed it. One per school and year; a later
/// approval (an upheld appeal made another child eligible) replaces it whole, and <see cref="Round"/> counts them.
/// </summary>
public sealed record AdmissionList(
    string Id,
    string CountyId,
    string SchoolId,
    int Year,
    int Places,
    IReadOnlyList<string> ApplicationIds,
    AdmissionListState State,
    DateTimeOffset ApprovedAt,
    string ApprovedBy,
    DateTimeOffset? ConfirmedAt = null,
    string? ConfirmedBy = null,
    int Round = 1)
{
    public static string IdFor(int year, string schoolId) => $"{year}-{schoolId}";
}

public interface IAdmissionStore
{
    Task<Versioned<AdmissionList>?> GetAsync(string countyId, string listId, CancellationToken cancellationToken);

    /// <summary>False when the list exists already.</summary>
    Task<bool> TryCreateAsync(AdmissionList list, CancellationToken cancellationToken);

    /// <summary>False when someone else changed it since it was read under <paramref name="etag"/>.</summary>
    Task<bool> TryReplaceAsync(AdmissionList list, string etag, CancellationToken cancellationToken);
}

/// <summary>One child on the school's final list: already admitted (a lottery place confirmed, a bureau placement) or eligible and waiting for the list.</summary>
public sealed record AdmissionEntry(string ApplicationId, string MaskedName, ApplicationStatus Status, bool OutsideCatchment, bool CheckedIn);

/// <summary>
/// The school's admission as staff see it: the proposal (everyone eligible or admitted), what still stands in its way,
/// and the list as approved or confirmed. <see cref="ETag"/> covers all of it, so an approval or a confirmation is of
/// exactly the list the person saw.
/// </summary>
public sealed record AdmissionSheet(
    County County,
    School School,
    WindowReading Window,
    WindowReading CheckIn,
    IReadOnlyList<AdmissionEntry> Entries,
    int AwaitingReview,
    int LotteryUnanswered,
    AdmissionList? List)
{
    public int Places => School.Plan.Places;

    /// <summary>The admission order's category that does not fit whole (its lottery decides), if any.</summary>
    public string? LotteryCategory { get; init; }

    /// <summary>That category's children are not yet in a lottery.</summary>
    public bool LotteryNeeded { get; init; }

    public int LotteryPlaces { get; init; }

    /// <summary>Eligible children in categories below the line: not admitted here once the list is confirmed, placed by the bureau.</summary>
    public IReadOnlyList<string> Below { get; init; } = [];

    public bool OverPlan => Entries.Count + LotteryUnanswered > Places;

    /// <summary>The proposal differs from what was approved: someone became eligible, withdrew or was placed since.</summary>
    public bool ChangedSinceApproval => List is null || !List.ApplicationIds.Order(StringComparer.Ordinal).SequenceEqual(Ids, StringComparer.Ordinal);

    public string ETag
    {
        get
        {
            var text = $"{string.Join(',', Ids)}|{AwaitingReview}|{LotteryUnanswered}|{LotteryNeeded}|{string.Join(',', Below)}|{Places}|{List?.State}|{List?.Round}|{string.Join(',', List?.ApplicationIds ?? [])}";
            return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32] + "\"";
        }
    }

    private IEnumerable<string> Ids => Entries.Select(e => e.ApplicationId).Order(StringComparer.Ordinal);
}

public enum AdmissionRefusal
{
    /// <summary>Outside the school's admission window, or none is set.</summary>
    WindowClosed,

    /// <summary>Applications still wait for the school's decision.</summary>
    ReviewUnfinished,

    /// <summary>The lottery is not drawn yet, or families have not answered their offers.</summary>
    LotteryUnfinished,

    /// <summary>More children than places: a lottery (or the bureau raising the plan) comes first.</summary>
    OverPlan,

    /// <summary>The bureau confirms only what the head approved.</summary>
    NotApproved,

    /// <summary>The head approved another list than the one there is now.</summary>
    ChangedSinceApproval,
}

public abstract record AdmissionOutcome
{
    private AdmissionOutcome()
    {
    }

    public sealed record Done(AdmissionSheet Sheet, int Admitted) : AdmissionOutcome;

    public sealed record NotFound : AdmissionOutcome;

    /// <summary>May read the list, not take this step (a reviewer, an auditor, another school's head).</summary>
    public sealed record NotAllowed : AdmissionOutcome;

    /// <summary>The list changed since the caller read it (If-Match).</summary>
    public sealed record Changed : AdmissionOutcome;

    public sealed record Refused(AdmissionRefusal Reason, string Detail) : AdmissionOutcome;
}

/// <summary>
/// 录取: in the school's admission window its head approves the final list (everyone eligible and everyone already
/// admitted, up to the plan), then the bureau confirms it and the eligible on it are admitted, each family told by the
/// outbox. Both steps are audited and answer the ETag of the list the person saw; repeating a step finishes it.
/// </summary>
public sealed class Admissions(ICountyStore counties, IApplicationStore applications, IAdmissionStore store, Transfers transfers, PersonalDataProtector protector, IAuditLog audit, TimeProvider time)
{
    private const int PageSize = 200;

    private static readonly ApplicationStatus[] AwaitingReview =
        [ApplicationStatus.Submitted, ApplicationStatus.Checking, ApplicationStatus.UnderReview, ApplicationStatus.ReturnedForCorrection];

    private static readonly ApplicationStatus[] LotteryUnanswered = [ApplicationStatus.LotteryPending, ApplicationStatus.Offered];

    public async Task<AdmissionSheet?> GetAsync(StaffAccount staff, string countyId, string schoolId, CancellationToken cancellationToken) =>
        staff.CanRead(countyId, schoolId) && await counties.GetAsync(countyId, cancellationToken) is { } county && county.FindSchool(schoolId) is { } school
            ? await SheetAsync(county, school, cancellationToken)
            : null;

    /// <summary>The head approves the list exactly as read under <paramref name="ifMatch"/>.</summary>
    public async Task<AdmissionOutcome> ApproveAsync(StaffAccount staff, string countyId, string schoolId, string ifMatch, CancellationToken cancellationToken)
    {
        if (await GetAsync(staff, countyId, schoolId, cancellationToken) is not { } sheet)
        {
            return new AdmissionOutcome.NotFound();
        }

        if (!staff.CanApproveAdmissions(countyId, schoolId))
        {
            return new AdmissionOutcome.NotAllowed();
        }

        var now = time.GetUtcNow();
        if (Refusal(sheet, now) is { } refused)
        {
            return refused;
        }

        if (!sheet.ChangedSinceApproval)
        {
            return new AdmissionOutcome.Done(sheet, 0);
        }

        if (ifMatch != sheet.ETag)
        {
            return new AdmissionOutcome.Changed();
        }

        if (sheet.AwaitingReview > 0)
        {
            return new AdmissionOutcome.Refused(AdmissionRefusal.ReviewUnfinished, $"还有 {sheet.AwaitingReview} 份报名未审核完毕（含退回补充未到期的），审核完毕后才能审定录取名单。");
        }

        if (sheet.LotteryNeeded)
        {
            return new AdmissionOutcome.Refused(AdmissionRefusal.LotteryUnfinished,
                $"按招生顺位，“{sheet.LotteryCategory}”的学生超过剩余的 {sheet.LotteryPlaces} 个学位，需由教育局对这一类随机派位后才能审定录取名单。");
        }

        if (sheet.LotteryUnanswered > 0)
        {
            return new AdmissionOutcome.Refused(AdmissionRefusal.LotteryUnfinished, $"还有 {sheet.LotteryUnanswered} 名学生待派位或待家庭确认学位，派位结果确定后才能审定录取名单。");
        }

        if (sheet.OverPlan)
        {
            return new AdmissionOutcome.Refused(AdmissionRefusal.OverPlan,
                $"符合条件的 {sheet.Entries.Count} 人超过招生计划 {sheet.Places} 人，不能超计划录取。请由教育局组织随机派位，或由教育局调整招生计划后再审定。");
        }

        var list = new AdmissionList(AdmissionList.IdFor(sheet.County.EnrollmentYear, sheet.School.Id), countyId, schoolId, sheet.County.EnrollmentYear, sheet.Places,
            [.. sheet.Entries.Select(e => e.ApplicationId).Order(StringComparer.Ordinal)], AdmissionListState.Approved, now, staff.Id, Round: (sheet.List?.Round ?? 0) + 1);
        var stored = await store.GetAsync(countyId, list.Id, cancellationToken);
        if (stored?.Value.Round != sheet.List?.Round
            || !(stored is null ? await store.TryCreateAsync(list, cancellationToken) : await store.TryReplaceAsync(list, stored.ETag, cancellationToken)))
        {
            return new AdmissionOutcome.Changed();
        }

        await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.ApproveAdmissions, "admission-list", list.Id,
            after: $"round={list.Round}; children={list.ApplicationIds.Count}; places={list.Places}", id: $"{countyId}.admission.{list.Id}.approve.{list.Round}"), cancellationToken);
        return new AdmissionOutcome.Done(await SheetAsync(sheet.County, sheet.School, cancellationToken), 0);
    }

    /// <summary>The bureau confirms the approved list: each eligible child on it is admitted. A repeat admits whoever a failure left out.</summary>
    public async Task<AdmissionOutcome> ConfirmAsync(StaffAccount staff, string countyId, string schoolId, string ifMatch, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await GetAsync(staff, countyId, schoolId, cancellationToken) is not { } sheet)
        {
            return new AdmissionOutcome.NotFound();
        }

        if (!staff.CanConfigure(countyId))
        {
            return new AdmissionOutcome.NotAllowed();
        }

        var now = time.GetUtcNow();
        if (Refusal(sheet, now) is { } refused)
        {
            return refused;
        }

        if (sheet.List is not { } list)
        {
            return new AdmissionOutcome.Refused(AdmissionRefusal.NotApproved, $"{sheet.School.Name}的校长尚未审定录取名单，审定后才能确认。");
        }

        var finished = list.State == AdmissionListState.Confirmed && !sheet.ChangedSinceApproval;
        if (!finished && ifMatch != sheet.ETag)
        {
            return new AdmissionOutcome.Changed();
        }

        if (sheet.ChangedSinceApproval)
        {
            return new AdmissionOutcome.Refused(AdmissionRefusal.ChangedSinceApproval, "校长审定后名单又有变化（有学生撤回、被统筹安置或新审核通过），请学校重新审定后再确认。");
        }

        var admitted = await AdmitAsync(sheet, list, staff.Id, now, cancellationToken);
        if (admitted is null)
        {
            return new AdmissionOutcome.Changed();
        }

        if (list.State == AdmissionListState.Approved)
        {
            await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.ConfirmAdmissions, "admission-list", list.Id,
                after: admitted.Value.Summary, id: $"{countyId}.admission.{list.Id}.confirm.{list.Round}"), cancellationToken);
        }

        return new AdmissionOutcome.Done(await SheetAsync(sheet.County, sheet.School, cancellationToken), admitted.Value.Admitted);
    }

    /// <summary>
    /// Where the county says so (<see cref="County.ConfirmAdmissionsAtClose"/>), a list the head approved is confirmed when
    /// the school's admission window closes, by the system and audited as such. Run by a timer; a repeat finds nothing.
    /// </summary>
    public async Task<int> ConfirmAtCloseAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var confirmed = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            if (!county.ConfirmAdmissionsAtClose)
            {
                continue;
            }

            foreach (var school in county.Schools.Where(s => county.WindowFor(WindowKind.Admission, s, now).State == WindowState.Closed))
            {
                if (await store.GetAsync(county.Id, AdmissionList.IdFor(county.EnrollmentYear, school.Id), cancellationToken) is not { Value.State: AdmissionListState.Approved }
                    || await SheetAsync(county, school, cancellationToken) is not { List: { } list, ChangedSinceApproval: false } sheet
                    || await AdmitAsync(sheet, list, "system", now, cancellationToken) is not { } admitted)
                {
                    continue;
                }

                await audit.AppendAsync(AuditEntry.BySystem(county.Id, now, AuditActions.ConfirmAdmissions, "admission-list", list.Id, $"at window close; {admitted.Summary}"), cancellationToken);
                confirmed++;
            }
        }

        return confirmed;
    }

    /// <summary>
    /// Admits the eligible on the approved list, settles who is not admitted (fallback or below the line) and marks the
    /// list confirmed; null when someone else changed the list meanwhile.
    /// </summary>
    private async Task<(int Admitted, string Summary)?> AdmitAsync(AdmissionSheet sheet, AdmissionList list, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var admitted = 0;
        foreach (var id in list.ApplicationIds)
        {
            var changed = false;
            await applications.UpdateAsync(id, sheet.School.Id, a =>
            {
                changed = a.Status == ApplicationStatus.Eligible;
                return changed ? a.MoveTo(ApplicationStatus.Admitted, now, Actor.Bureau, $"录取：{sheet.School.Name}审定，教育局确认") : null;
            }, cancellationToken);
            admitted += changed ? 1 : 0;
        }

        var fellBack = sheet.School.Kind == SchoolKind.Private ? await FallBackAsync(sheet.County, sheet.School, now, cancellationToken) : 0;
        var notAdmitted = sheet.School.Kind == SchoolKind.Public ? await CloseBelowTheLineAsync(sheet, now, cancellationToken) : 0;
        if (list.State == AdmissionListState.Approved)
        {
            var stored = await store.GetAsync(list.CountyId, list.Id, cancellationToken);
            if (stored is not { Value.State: AdmissionListState.Approved } || stored.Value.Round != list.Round
                || !await store.TryReplaceAsync(stored.Value with { State = AdmissionListState.Confirmed, ConfirmedAt = now, ConfirmedBy = by }, stored.ETag, cancellationToken))
            {
                return null;
            }
        }

        return (admitted, $"round={list.Round}; children={list.ApplicationIds.Count}; admitted-now={admitted}; fell-back={fellBack}; not-admitted={notAdmitted}");
    }

    /// <summary>
    /// 公民同招: once a private school's list is confirmed, a child its lottery did not admit falls back to a public school
    /// of the stage, to be reviewed there, as the county configured (<see cref="PrivateFallback"/>); a child the rule finds
    /// no school for is not admitted, and the bureau places it (<see cref="Review.Placements"/>).
    /// </summary>
    private async Task<int> FallBackAsync(County county, School school, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fellBack = 0;
        await foreach (var application in applications.ListByStatusAsync(school.Id, county.EnrollmentYear, ApplicationStatus.Waitlisted, cancellationToken))
        {
            if (application.CountyId != county.Id || application.EnrollmentYear != county.EnrollmentYear)
            {
                continue;
            }

            var catchment = CatchmentLookup.SchoolFor(county, application, school.Stage);
            var to = county.PrivateFallback switch
            {
                PrivateFallback.CatchmentSchool => catchment,
                _ => application.SchoolIds.Select(county.FindSchool).FirstOrDefault(s => s is { Kind: SchoolKind.Public } && s.Stage == school.Stage) ?? catchment,
            };
            if (to is not null)
            {
                await transfers.MoveAsync(application, to, "fallback", ApplicationStatus.UnderReview, Actor.Bureau,
                    $"{school.Name}随机派位未获得学位，按公民同招转入{to.Name}审核", now, cancellationToken);
                fellBack++;
            }
            else
            {
                await applications.UpdateAsync(application.Id, school.Id, a => a.Status == ApplicationStatus.Waitlisted
                    ? a.MoveTo(ApplicationStatus.NotAdmitted, now, Actor.Bureau, $"{school.Name}随机派位未获得学位，{WhoPlaces(null)}") : null, cancellationToken);
            }
        }

        return fellBack;
    }

    /// <summary>What a family not admitted is told of where the child goes: the catchment school when its address names one.</summary>
    private static string WhoPlaces(School? catchment) => catchment is null
        ? "由教育局统筹安排，请留意后续通知。"
        : $"由教育局统筹安排，按您填报的住址，将优先安排到片区学校{catchment.Name}，请留意后续通知。";

    /// <summary>
    /// At a public school, once its list is confirmed: children below the admission order's line, and those its lottery
    /// left waiting, are not admitted here; the bureau's placement report shows each with its catchment school.
    /// </summary>
    private async Task<int> CloseBelowTheLineAsync(AdmissionSheet sheet, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = 0;
        var waiting = new List<string>();
        await foreach (var application in applications.ListByStatusAsync(sheet.School.Id, sheet.County.EnrollmentYear, ApplicationStatus.Waitlisted, cancellationToken))
        {
            waiting.Add(application.Id);
        }

        foreach (var id in sheet.Below.Concat(waiting))
        {
            var changed = false;
            await applications.UpdateAsync(id, sheet.School.Id, a =>
            {
                changed = a.Status is ApplicationStatus.Eligible or ApplicationStatus.Waitlisted;
                return changed
                    ? a.MoveTo(ApplicationStatus.NotAdmitted, now, Actor.Bureau,
                        $"{sheet.School.Name}招生计划已满，按招生顺位未能录取，{WhoPlaces(Placeable(sheet, a))}")
                    : null;
            }, cancellationToken);
            closed += changed ? 1 : 0;
        }

        return closed;
    }

    /// <summary>The catchment school a child below the line would be placed at: not the school that just turned it away.</summary>
    private static School? Placeable(AdmissionSheet sheet, Application application) =>
        CatchmentLookup.SchoolFor(sheet.County, application, sheet.School.Stage) is { } catchment && catchment.Id != sheet.School.Id ? catchment : null;

    /// <summary>
    /// The admission notice's code (入学通知书编号): derived from the application number with the county's secret, so a
    /// notice cannot be made up, and checked at the school gate without storing anything.
    /// </summary>
    public string NoticeCode(Application application) => protector.PaperCode("admission-notice", application.CountyId, application.Id);

    public bool IsNoticeCode(Application application, string? code) => protector.IsPaperCode("admission-notice", application.CountyId, application.Id, code);

    private static AdmissionOutcome.Refused? Refusal(AdmissionSheet sheet, DateTimeOffset now) => sheet.Window switch
    {
        { IsOpen: true } => null,
        { Window: { } window } => new AdmissionOutcome.Refused(AdmissionRefusal.WindowClosed, $"{sheet.School.Name}的录取时间为 {window.Describe()}，现在不在录取时间内。"),
        _ => new AdmissionOutcome.Refused(AdmissionRefusal.WindowClosed, $"教育局尚未设置{sheet.School.Name}的录取时间，请先在配置中设置。"),
    };

    private async Task<AdmissionSheet> SheetAsync(County county, School school, CancellationToken cancellationToken)
    {
        var running = new List<Application>();
        var awaiting = 0;
        var unanswered = 0;
        var now = time.GetUtcNow();
        string? continuation = null;
        do
        {
            var page = await applications.QueryAsync(school.Id, county.EnrollmentYear, new ApplicationQuery([]), PageSize, continuation, cancellationToken)
                ?? throw new InvalidOperationException("The store refused its own continuation token.");
            foreach (var application in page.Applications.Select(a => a.Value).Where(a => a.CountyId == county.Id && a.EnrollmentYear == county.EnrollmentYear))
            {
                if (AwaitingReview.Contains(application.Status)
                    && !(application.Status == ApplicationStatus.ReturnedForCorrection && application.Correction?.Deadline <= now))
                {
                    awaiting++;
                }
                else if (AdmissionOrders.InTheRunning.Contains(application.Status) && !await applications.IsSupersededAsync(application, cancellationToken))
                {
                    running.Add(application);
                    unanswered += LotteryUnanswered.Contains(application.Status) ? 1 : 0;
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        // On the list: the eligible and admitted within the admission order, and those its lottery admitted.
        var ranking = AdmissionOrders.Rank(county, school, running);
        var entries = ranking.Within.Where(a => a.Status is ApplicationStatus.Eligible or ApplicationStatus.Admitted)
            .Concat(ranking.Lottery.Where(a => a.Status == ApplicationStatus.Admitted))
            .Select(a => new AdmissionEntry(a.Id, PersonName.Mask(a.Child.Name), a.Status, CatchmentLookup.Check(county, a) is { InCatchment: false }, a.CheckedInAt is not null))
            .OrderBy(e => e.ApplicationId, StringComparer.Ordinal)
            .ToList();
        var list = await store.GetAsync(county.Id, AdmissionList.IdFor(county.EnrollmentYear, school.Id), cancellationToken);
        return new AdmissionSheet(county, school, county.WindowFor(WindowKind.Admission, school, now), county.WindowFor(WindowKind.CheckIn, school, now),
            entries, awaiting, unanswered, list?.Value)
        {
            LotteryCategory = ranking.LotteryCategory?.Name,
            LotteryNeeded = ranking.Lottery.Any(a => a.Status == ApplicationStatus.Eligible),
            LotteryPlaces = ranking.LotteryPlaces,
            Below = [.. ranking.Below.Where(a => a.Status == ApplicationStatus.Eligible).Select(a => a.Id).Order(StringComparer.Ordinal)],
        };
    }
}
