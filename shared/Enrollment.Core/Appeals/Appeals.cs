using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Parents;
using Enrollment.Core.Staff;
using Enrollment.Core.Uploads;

namespace Enrollment.Core.Appeals;

/// <summary>申诉 against a decision on the guardian's own application, or 举报 about a school or the process.</summary>
public enum AppealKind
{
    Appeal,
    Complaint,
}

/// <summary>Where the bureau stands with it: received, being handled, answered (the guardian sees the answer), closed.</summary>
public enum AppealState
{
    Received,
    InProgress,
    Answered,
    Closed,
}

public sealed record AppealStep(AppealState State, DateTimeOffset At, string By);

/// <summary>One appeal or complaint, in its county's ledger (partitioned by county).</summary>
public sealed record Appeal(
    string Id,
    string CountyId,
    string ParentId,
    AppealKind Kind,
    string? ApplicationId,
    string? SchoolId,
    string Text,
    string? UploadId,
    AppealState State,
    DateTimeOffset ReceivedAt,
    DateTimeOffset Deadline,
    string? Answer,
    IReadOnlyList<AppealStep> Steps,
    bool Upheld = false);

public interface IAppealStore
{
    Task CreateAsync(Appeal appeal, CancellationToken cancellationToken);

    Task<Versioned<Appeal>?> GetAsync(string countyId, string appealId, CancellationToken cancellationToken);

    /// <summary>Replaces it only if unchanged since read; false when someone else changed it first.</summary>
    Task<bool> TryReplaceAsync(Appeal appeal, string etag, CancellationToken cancellationToken);

    IAsyncEnumerable<Appeal> ListAsync(string countyId, AppealState? state, CancellationToken cancellationToken);

    IAsyncEnumerable<Appeal> ListByParentAsync(string parentId, CancellationToken cancellationToken);
}

public abstract record AppealOutcome
{
    private AppealOutcome()
    {
    }

    public sealed record Done(Appeal Appeal) : AppealOutcome;

    public sealed record NotFound : AppealOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : AppealOutcome;

    /// <summary>The ledger entry changed since the officer read it.</summary>
    public sealed record Changed : AppealOutcome;

    public sealed record NotAllowed(string Reason) : AppealOutcome;
}

/// <summary>
/// Appeals and complaints: the guardian files one (with an optional document); the bureau works it in the
/// county's ledger within the deadline and answers; the guardian reads the answer. Every step is audited.
/// </summary>
public sealed class Appeals(IAppealStore store, IApplicationStore applications, Counties.ICountyStore counties, ParentAccounts accounts, UploadService uploads, IAuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromDays(15);

    public async Task<AppealOutcome> FileAsync(string parentId, string? countyId, AppealKind kind, string? applicationId, string? text, string? uploadId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApplicationFormValidation.IsPlainText(text, 10, 2000))
        {
            errors["text"] = ["请写明事由和诉求，10至2000字，不要包含尖括号等特殊符号。"];
        }

        string? schoolId = null;
        if (kind == AppealKind.Appeal)
        {
            var reference = applicationId is null ? null : (await accounts.GetAsync(parentId, cancellationToken))?.Applications.FirstOrDefault(a => a.ApplicationId == applicationId);
            var application = reference is null ? null : await applications.GetApplicationAsync(reference.ApplicationId, reference.SchoolId, cancellationToken);
            if (application is null || application.ParentId != parentId)
            {
                errors["applicationId"] = ["请选择您要申诉的报名。"];
            }
            else if (await counties.GetAsync(application.CountyId, cancellationToken) is { } county && county.IsPastYear(application))
            {
                errors["applicationId"] = [Counties.County.PastYearReason(application.EnrollmentYear)];
            }
            else
            {
                countyId = application.CountyId;
                schoolId = application.SchoolId;
            }
        }
        else if (string.IsNullOrWhiteSpace(countyId))
        {
            errors["countyId"] = ["请选择举报所涉及的县区。"];
        }

        if (uploadId is not null && await uploads.GetDocumentAsync(parentId, uploadId, cancellationToken) is null)
        {
            errors["uploadId"] = ["附件未上传成功，请重新上传，或不带附件提交。"];
        }

        if (errors.Count > 0)
        {
            return new AppealOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var appeal = new Appeal(Guid.NewGuid().ToString("N"), countyId!, parentId, kind, applicationId, schoolId, text!.Trim(), uploadId,
            AppealState.Received, now, now.Add(AnswerWithin), Answer: null, [new AppealStep(AppealState.Received, now, "guardian")]);
        await store.CreateAsync(appeal, cancellationToken);
        return new AppealOutcome.Done(appeal);
    }

    public async Task<IReadOnlyList<Appeal>> MineAsync(string parentId, CancellationToken cancellationToken)
    {
        var mine = new List<Appeal>();
        await foreach (var appeal in store.ListByParentAsync(parentId, cancellationToken))
        {
            mine.Add(appeal);
        }

        return mine.OrderByDescending(a => a.ReceivedAt).ToList();
    }

    /// <summary>The county's ledger, oldest deadline first; null when the county is not the caller's.</summary>
    public async Task<IReadOnlyList<Appeal>?> LedgerAsync(StaffAccount staff, string countyId, AppealState? state, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId))
        {
            return null;
        }

        var ledger = new List<Appeal>();
        await foreach (var appeal in store.ListAsync(countyId, state, cancellationToken))
        {
            ledger.Add(appeal);
        }

        return ledger.OrderBy(a => a.Deadline).ToList();
    }

    public async Task<Versioned<Appeal>?> GetAsync(StaffAccount staff, string countyId, string appealId, CancellationToken cancellationToken) =>
        staff.CanAudit(countyId) ? await store.GetAsync(countyId, appealId, cancellationToken) : null;

    /// <summary>
    /// An officer moves it on: take it up, answer it (the answer is required), or close it; under the ETag the officer read.
    /// An appeal against a rejection answered as <paramref name="upheld"/> reopens the decision: the application goes back to
    /// the school's review, its history naming the appeal.
    /// </summary>
    public async Task<AppealOutcome> WorkAsync(
        StaffAccount staff, string countyId, string appealId, string etag, AppealState next, string? answer, bool upheld, CancellationToken cancellationToken)
    {
        if (await GetAsync(staff, countyId, appealId, cancellationToken) is not { } current)
        {
            return new AppealOutcome.NotFound();
        }

        if (!staff.CanConfigure(countyId))
        {
            return new AppealOutcome.NotAllowed("只有教育局工作人员可以办理申诉和举报。");
        }

        var appeal = current.Value;
        var allowed = (appeal.State, next) is (AppealState.Received, AppealState.InProgress) or (AppealState.Received or AppealState.InProgress, AppealState.Answered)
            or (AppealState.Answered, AppealState.Closed);
        if (!allowed)
        {
            return new AppealOutcome.NotAllowed("这件申诉当前不能这样办理。");
        }

        if (next == AppealState.Answered && !ApplicationFormValidation.IsPlainText(answer, 5, 2000))
        {
            return new AppealOutcome.Invalid(new Dictionary<string, string[]> { ["answer"] = ["请填写给家长的答复，5至2000字。"] });
        }

        var now = time.GetUtcNow();
        if (upheld)
        {
            if (next != AppealState.Answered || appeal is not { Kind: AppealKind.Appeal, ApplicationId: { } applicationId, SchoolId: { } schoolId })
            {
                return new AppealOutcome.NotAllowed("只有针对一份报名的申诉，在答复时可以认定申诉成立。");
            }

            // The application first: reopening is idempotent, so if the appeal's own write then loses to another officer,
            // answering again finds it reopened already.
            var note = $"申诉成立，退回学校重新审核（申诉 {appeal.Id}）";
            var reopened = await applications.UpdateAsync(applicationId, schoolId, a => a.Status == ApplicationStatus.Rejected
                ? a.MoveTo(ApplicationStatus.UnderReview, now, Actor.Bureau, note)
                : null, cancellationToken);
            if (reopened?.History.Any(h => h.Note == note) != true)
            {
                return new AppealOutcome.NotAllowed("只有审核不通过的报名可以因申诉成立而重新审核；其他情况（如派位未获得学位）请由教育局统筹安置。");
            }
        }

        var changed = appeal with
        {
            State = next,
            Answer = next == AppealState.Answered ? answer!.Trim() : appeal.Answer,
            Steps = [.. appeal.Steps, new AppealStep(next, now, staff.Id)],
            Upheld = appeal.Upheld || upheld,
        };
        if (etag != current.ETag || !await store.TryReplaceAsync(changed, etag, cancellationToken))
        {
            return new AppealOutcome.Changed();
        }

        await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.WorkAppeal, "appeal", appeal.Id,
            reason: next == AppealState.Answered ? (upheld ? "答复家长：申诉成立，退回学校重新审核" : "答复家长") : null, before: appeal.State.ToString(), after: next.ToString()), cancellationToken);
        return new AppealOutcome.Done(changed);
    }
}
