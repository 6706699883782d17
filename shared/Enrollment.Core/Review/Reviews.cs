using System.Text.RegularExpressions;
using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Checks;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Outside;
using Enrollment.Core.Staff;
using Enrollment.Core.Uploads;

namespace Enrollment.Core.Review;

/// <summary>The school's queues, each a set of states.</summary>
public enum Queue
{
    New,
    Checking,
    Returned,
    Eligible,
    Rejected,
}

/// <summary>The reasons a school may give for rejecting an application (审核不通过); the free text explains the case.</summary>
public enum RejectionReason
{
    OutsideCatchment,
    BasisNotMet,
    UnderAge,
    FalseInformation,
    DuplicateApplication,
    Other,
}

/// <summary>One application as the queue lists it: masked name and document number only.</summary>
/// <summary>One line of a queue; <paramref name="OutsideCatchment"/> flags an address outside the public school's catchment for the reviewer.</summary>
public sealed record QueueItem(string Id, string ChildNameMasked, string? DocumentNumberMasked, ApplicationStatus Status, DateTimeOffset SubmittedAt, bool AllConfirmed,
    bool OutsideCatchment = false);

public sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? ContinuationToken);

/// <summary>The school's plan (places, classes) and how many applications stand in each queue.</summary>
public sealed record SchoolSummary(School School, IReadOnlyDictionary<Queue, int> Counts);

/// <summary>A document the guardian uploaded for a fact the departments could not confirm, with a short-lived read-only link.</summary>
public sealed record ReviewDocument(FactKind Fact, string Kind, string ContentType, ReadLink Link);

public sealed record ApplicationDetail(Application Application, IReadOnlyList<ReviewDocument> Documents, string ETag, CatchmentCheck? Catchment = null);

/// <summary>What bulk approval did: the applications approved, and each one left for a person to look at, with why.</summary>
public sealed record BulkApproval(IReadOnlyList<string> Approved, IReadOnlyList<SkippedApplication> Skipped);

public sealed record SkippedApplication(string Id, string Reason);

public abstract record ReviewOutcome<T>
{
    private ReviewOutcome()
    {
    }

    public sealed record Done(T Value) : ReviewOutcome<T>;

    /// <summary>No such school or application, or one outside the caller's scope: the same answer for both.</summary>
    public sealed record NotFound : ReviewOutcome<T>;

    /// <summary>The caller may read it but not decide (an auditor).</summary>
    public sealed record Forbidden : ReviewOutcome<T>;

    /// <summary>Field → message.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ReviewOutcome<T>;

    /// <summary>Someone changed the application since the caller read it; nothing was written.</summary>
    public sealed record Changed : ReviewOutcome<T>;

    /// <summary>Not a decision its current state allows; the reason is for the reader.</summary>
    public sealed record NotAllowed(string Reason) : ReviewOutcome<T>;
}

/// <summary>
/// 审核: a school's queues and its decisions. Every call checks the caller's role and scope; an application
/// outside it answers exactly like a missing one. Decisions are written only under the ETag the reviewer
/// read, go into the application's history (which also queues the guardian's message) and into the audit log.
/// </summary>
public sealed partial class Reviews(IApplicationStore store, ICountyStore counties, UploadService uploads, IAuditLog audit, TimeProvider time)
{
    public const int MaxPageSize = 50;

    public static IReadOnlyList<ApplicationStatus> StatusesOf(Queue queue) => queue switch
    {
        Queue.New => [ApplicationStatus.Submitted, ApplicationStatus.UnderReview],
        Queue.Checking => [ApplicationStatus.Checking],
        Queue.Returned => [ApplicationStatus.ReturnedForCorrection],
        Queue.Eligible => [ApplicationStatus.Eligible],
        Queue.Rejected => [ApplicationStatus.Rejected],
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, null),
    };

    public static IReadOnlyDictionary<RejectionReason, string> RejectionReasons { get; } = new Dictionary<RejectionReason, string>
    {
        [RejectionReason.OutsideCatchment] = "不在本校招生范围",
        [RejectionReason.BasisNotMet] = "入学依据不符合条件",
        [RejectionReason.UnderAge] = "未到入学年龄",
        [RejectionReason.FalseInformation] = "填报信息或材料不实",
        [RejectionReason.DuplicateApplication] = "重复报名",
        [RejectionReason.Other] = "其他原因",
    };

    /// <summary>
    /// What a school may ask the guardian to correct: form paths and what to call them. The child's document
    /// number is not among them: the one-application-per-child claim rests on it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CorrectableFields { get; } = new Dictionary<string, string>
    {
        ["child.name"] = "孩子姓名",
        ["child.birthplaceCode"] = "出生地",
        ["child.nativePlace"] = "籍贯",
        ["child.ethnicityCode"] = "民族",
        ["child.health"] = "健康状况",
        ["child.householdRegistrationPlace"] = "户籍所在地",
        ["child.householdType"] = "户口性质",
        ["child.currentAddress"] = "现住址",
        ["child.postcode"] = "邮政编码",
        ["child.phone"] = "联系电话",
        ["residence.basis"] = "入学依据",
        ["residence.address"] = "入学依据地址",
        ["family"] = "家庭成员信息",
        ["circumstances"] = "特殊情况",
        ["priorityClaims"] = "优先情况",
    };

    /// <summary>Confirmed by data sharing throughout: every fact matched and every real-name check verified, nothing left for a person to look at.</summary>
    public static bool AllConfirmed(Application application) =>
        application.Facts.Count > 0
        && application.Facts.All(f => f.Status == FactStatus.Matched)
        && application.RealNames.All(r => r.Status == RealNameStatus.Verified);

    public async Task<ReviewOutcome<SchoolSummary>> SummaryAsync(StaffAccount staff, string schoolId, CancellationToken cancellationToken)
    {
        if (await ReadableSchoolAsync(staff, schoolId, cancellationToken) is not (var county, var school))
        {
            return new ReviewOutcome<SchoolSummary>.NotFound();
        }

        var queues = Enum.GetValues<Queue>();
        var counts = await Task.WhenAll(queues.Select(q => store.CountAsync(schoolId, county.EnrollmentYear, StatusesOf(q), cancellationToken)));
        return new ReviewOutcome<SchoolSummary>.Done(new SchoolSummary(school, queues.Zip(counts).ToDictionary(p => p.First, p => p.Second)));
    }

    /// <summary>
    /// One page of a queue (every state when <paramref name="queue"/> is null), oldest first. <paramref name="search"/>
    /// is an application number (or its first characters) or a name as the list masks it (张*三, or 张 for every 张).
    /// </summary>
    public async Task<ReviewOutcome<QueuePage>> QueueAsync(StaffAccount staff, string schoolId, Queue? queue, string? search, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (await ReadableSchoolAsync(staff, schoolId, cancellationToken) is not (var county, _))
        {
            return new ReviewOutcome<QueuePage>.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"每页可以显示 1 到 {MaxPageSize} 份报名。"];
        }

        var query = Search(queue is { } q ? StatusesOf(q) : [], search);
        if (query is null)
        {
            errors["search"] = ["请输入报名编号（或其开头几位），或列表中显示的姓名，如 张*三。"];
        }

        if (errors.Count > 0)
        {
            return new ReviewOutcome<QueuePage>.Invalid(errors);
        }

        var page = await store.QueryAsync(schoolId, county.EnrollmentYear, query!, pageSize, continuationToken, cancellationToken);
        if (page is null)
        {
            return new ReviewOutcome<QueuePage>.Invalid(new Dictionary<string, string[]> { ["continuationToken"] = ["翻页已失效，请回到第一页重新查看。"] });
        }

        var items = page.Applications.Select(v => new QueueItem(v.Value.Id, PersonName.Mask(v.Value.Child.Name), v.Value.Child.DocumentNumberMasked,
            v.Value.Status, v.Value.SubmittedAt, AllConfirmed(v.Value), CatchmentLookup.Check(county, v.Value) is { InCatchment: false })).ToList();
        return new ReviewOutcome<QueuePage>.Done(new QueuePage(items, page.ContinuationToken));
    }

    /// <summary>The whole application for a reviewer, with read links to its documents; the access is written to the audit log.</summary>
    public async Task<ReviewOutcome<ApplicationDetail>> DetailAsync(StaffAccount staff, string schoolId, string applicationId, CancellationToken cancellationToken)
    {
        var current = await store.GetVersionedApplicationAsync(applicationId, schoolId, cancellationToken);
        if (current is not { Value: var application } || !staff.CanRead(application.CountyId, application.SchoolId))
        {
            return new ReviewOutcome<ApplicationDetail>.NotFound();
        }

        var documents = new List<ReviewDocument>();
        foreach (var fact in application.Facts.Where(f => f.UploadId is not null))
        {
            if (await uploads.GetDocumentAsync(application.ParentId, fact.UploadId!, cancellationToken) is { } document)
            {
                documents.Add(new ReviewDocument(fact.Kind, document.Kind, document.ContentType, await uploads.GetReadUrlAsync(document, cancellationToken)));
            }
        }

        await AuditAsync(staff, application, AuditActions.ViewApplication, reason: null, before: null, after: null, cancellationToken);
        var catchment = await counties.GetAsync(application.CountyId, cancellationToken) is { } county ? CatchmentLookup.Check(county, application) : null;
        return new ReviewOutcome<ApplicationDetail>.Done(new ApplicationDetail(application, documents, current.ETag, catchment));
    }

    /// <summary>审核通过: the application is eligible.</summary>
    /// <param name="siblingConfirmed">
    /// For a family saying an older child attends the school (长幼随学): whether the school confirmed it. Unconfirmed,
    /// the claim gives no priority.
    /// </param>
    public Task<ReviewOutcome<Versioned<Application>>> ApproveAsync(StaffAccount staff, string schoolId, string applicationId, string etag, bool? siblingConfirmed, CancellationToken cancellationToken) =>
        DecideAsync(staff, schoolId, applicationId, etag, AuditActions.Approve, reason: siblingConfirmed is { } confirmed ? $"sibling-confirmed={confirmed}" : null,
            (application, now) => Approve(application, now, SiblingNote(application, siblingConfirmed)) switch
            {
                Decision.Made made => new Decision.Made(made.Changed with { SiblingConfirmed = application.ClaimsSibling ? siblingConfirmed == true : null }),
                var refused => refused,
            }, cancellationToken);

    private static string? SiblingNote(Application application, bool? siblingConfirmed) =>
        !application.ClaimsSibling ? null
        : siblingConfirmed == true ? "学校已核实哥哥或姐姐在本校就读"
        : "哥哥或姐姐在本校就读未经学校核实，不作为优先条件";

    /// <summary>退回补充, through <see cref="Corrections"/>: the fields and documents to correct, why, and by when.</summary>
    public Task<ReviewOutcome<Versioned<Application>>> ReturnAsync(
        StaffAccount staff, string schoolId, string applicationId, string etag, IReadOnlyList<string> fields, IReadOnlyList<FactKind> documents, string? message, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (fields.FirstOrDefault(f => !CorrectableFields.ContainsKey(f)) is { } unknown)
        {
            errors["fields"] = [$"不能要求修改“{unknown}”。"];
        }

        if (documents.Any(d => !Enum.IsDefined(d)))
        {
            errors["documents"] = ["请从列表中选择要补充的材料。"];
        }

        if (string.IsNullOrWhiteSpace(message) || message.Length > 200)
        {
            errors["message"] = ["请写明需要家长补充或更正什么（200字以内），家长会在报名进度中看到。"];
        }

        var now = time.GetUtcNow();
        if (deadline is null || Corrections.Refusal(fields, documents, deadline.Value, now) is not null)
        {
            errors["deadline"] = ["请勾选要补充的内容，并给出晚于现在的截止时间。"];
        }

        if (errors.Count > 0)
        {
            return Task.FromResult<ReviewOutcome<Versioned<Application>>>(new ReviewOutcome<Versioned<Application>>.Invalid(errors));
        }

        return DecideAsync(staff, schoolId, applicationId, etag, AuditActions.Return, message, (application, at) =>
            Corrections.Return(application, fields, documents, message!.Trim(), deadline!.Value, at) switch
            {
                CorrectionOutcome.Done done => new Decision.Made(done.Application),
                CorrectionOutcome.NotAllowed refused => new Decision.Refused(refused.Reason),
                var other => throw new InvalidOperationException($"Unexpected {other.GetType().Name}."),
            }, cancellationToken);
    }

    /// <summary>审核不通过: a reason from the list and the school's words, both shown to the guardian.</summary>
    public Task<ReviewOutcome<Versioned<Application>>> RejectAsync(StaffAccount staff, string schoolId, string applicationId, string etag, RejectionReason? reason, string? text, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (reason is null || !Enum.IsDefined(reason.Value))
        {
            errors["reason"] = ["请选择不通过的原因。"];
        }

        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if ((reason == RejectionReason.Other && text is null) || text?.Length > 200)
        {
            errors["text"] = ["请写明不通过的具体原因（200字以内），家长会在报名进度中看到。"];
        }

        if (errors.Count > 0)
        {
            return Task.FromResult<ReviewOutcome<Versioned<Application>>>(new ReviewOutcome<Versioned<Application>>.Invalid(errors));
        }

        var note = RejectionReasons[reason!.Value] + (text is null ? "" : "：" + text);
        return DecideAsync(staff, schoolId, applicationId, etag, AuditActions.Reject, note, (application, now) =>
            application.Status is ApplicationStatus.Submitted or ApplicationStatus.UnderReview or ApplicationStatus.Checking or ApplicationStatus.ReturnedForCorrection
                ? new Decision.Made(application.MoveTo(ApplicationStatus.Rejected, now, Actor.School, note) with { Correction = null })
                : new Decision.Refused("这份报名当前不能审核不通过。"), cancellationToken);
    }

    /// <summary>
    /// Approves every new application that data sharing confirmed throughout, each under the ETag it was listed with,
    /// so one changed meanwhile is skipped rather than overwritten; the rest are left for a person, with why.
    /// </summary>
    public async Task<ReviewOutcome<BulkApproval>> BulkApproveAsync(StaffAccount staff, string schoolId, CancellationToken cancellationToken)
    {
        if (await ReadableSchoolAsync(staff, schoolId, cancellationToken) is not (var county, _))
        {
            return new ReviewOutcome<BulkApproval>.NotFound();
        }

        if (!staff.CanReview(staff.CountyId, schoolId))
        {
            return new ReviewOutcome<BulkApproval>.Forbidden();
        }

        var approved = new List<string>();
        var skipped = new List<SkippedApplication>();
        string? continuationToken = null;
        do
        {
            var page = await store.QueryAsync(schoolId, county.EnrollmentYear, new ApplicationQuery(StatusesOf(Queue.New)), MaxPageSize, continuationToken, cancellationToken)
                ?? throw new InvalidOperationException("The store refused its own continuation token.");
            foreach (var (application, etag) in page.Applications)
            {
                var now = time.GetUtcNow();
                if (application.ClaimsSibling)
                {
                    skipped.Add(new SkippedApplication(application.Id, "填报了哥哥或姐姐在本校就读，需学校核实，请逐份审核。"));
                }
                else if (!AllConfirmed(application) || Approve(application, now, "部门数据全部核验一致，批量审核通过") is not Decision.Made(var changed))
                {
                    skipped.Add(new SkippedApplication(application.Id, "有信息未经部门数据核验一致，请逐份审核。"));
                }
                else if (await store.TryReplaceApplicationAsync(changed, etag, cancellationToken) is null)
                {
                    skipped.Add(new SkippedApplication(application.Id, "刚刚被其他人处理过，请刷新后再看。"));
                }
                else
                {
                    await AuditAsync(staff, application, AuditActions.Approve, "部门数据全部核验一致，批量审核通过", application.Status, changed.Status, cancellationToken);
                    approved.Add(application.Id);
                }
            }

            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);

        return new ReviewOutcome<BulkApproval>.Done(new BulkApproval(approved, skipped));
    }

    private static Decision Approve(Application application, DateTimeOffset now, string? note) =>
        application.Status is ApplicationStatus.Submitted or ApplicationStatus.UnderReview
            ? new Decision.Made(application.MoveTo(ApplicationStatus.Eligible, now, Actor.School, note))
            : new Decision.Refused(application.Status == ApplicationStatus.Checking
                ? "部门数据核验还没有完成，完成后才能审核通过。"
                : "这份报名当前不能审核通过。");

    /// <summary>What a decision does to the application as it stands: changes it, or is refused because its state does not allow it.</summary>
    private abstract record Decision
    {
        private Decision()
        {
        }

        public sealed record Made(Application Changed) : Decision;

        public sealed record Refused(string Reason) : Decision;
    }

    private async Task<ReviewOutcome<Versioned<Application>>> DecideAsync(
        StaffAccount staff, string schoolId, string applicationId, string etag, string action, string? reason, Func<Application, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
    {
        var current = await store.GetVersionedApplicationAsync(applicationId, schoolId, cancellationToken);
        if (current is not { Value: var application } || !staff.CanRead(application.CountyId, application.SchoolId))
        {
            return new ReviewOutcome<Versioned<Application>>.NotFound();
        }

        if (!staff.CanReview(application.CountyId, application.SchoolId))
        {
            return new ReviewOutcome<Versioned<Application>>.Forbidden();
        }

        if (current.ETag != etag)
        {
            return new ReviewOutcome<Versioned<Application>>.Changed();
        }

        if (await counties.GetAsync(application.CountyId, cancellationToken) is { } county && county.IsPastYear(application))
        {
            return new ReviewOutcome<Versioned<Application>>.NotAllowed(County.PastYearReason(application.EnrollmentYear));
        }

        var decision = decide(application, time.GetUtcNow());
        if (decision is Decision.Refused refused)
        {
            return new ReviewOutcome<Versioned<Application>>.NotAllowed(refused.Reason);
        }

        var changed = ((Decision.Made)decision).Changed;

        if (await store.TryReplaceApplicationAsync(changed, etag, cancellationToken) is not { } newETag)
        {
            return new ReviewOutcome<Versioned<Application>>.Changed();
        }

        await AuditAsync(staff, application, action, reason, application.Status, changed.Status, cancellationToken);
        return new ReviewOutcome<Versioned<Application>>.Done(new Versioned<Application>(changed, newETag));
    }

    /// <summary>The school with its county, when the staff member may read it; null, like a missing one, otherwise.</summary>
    private async Task<(County County, School School)?> ReadableSchoolAsync(StaffAccount staff, string schoolId, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(staff.CountyId, cancellationToken);
        return county?.FindSchool(schoolId) is { } school && staff.CanRead(county.Id, school.Id) ? (county, school) : null;
    }

    private Task AuditAsync(StaffAccount staff, Application application, string action, string? reason, ApplicationStatus? before, ApplicationStatus? after, CancellationToken cancellationToken) =>
        audit.AppendAsync(AuditEntry.By(staff, application.CountyId, time.GetUtcNow(), action, "application", application.Id, reason, before?.ToString(), after?.ToString()), cancellationToken);

    /// <summary>The query for a search: an application number's first characters, or a name with * for each hidden character.</summary>
    private static ApplicationQuery? Search(IReadOnlyList<ApplicationStatus> statuses, string? search)
    {
        var term = search?.Trim().Replace('＊', '*');
        if (string.IsNullOrEmpty(term))
        {
            return new ApplicationQuery(statuses);
        }

        if (term.Length > 24)
        {
            return null;
        }

        if (NumberPattern().IsMatch(term))
        {
            // Numbers are read out in groups of four; the clerk may type them with or without the dashes.
            var digits = term.Replace("-", "").ToUpperInvariant();
            return new ApplicationQuery(statuses, NumberPrefix: string.Join("-", digits.Chunk(4).Select(c => new string(c))));
        }

        if (term.Any(c => char.IsWhiteSpace(c) || char.IsAsciiLetterOrDigit(c)) || term[0] == '*')
        {
            return null;
        }

        var firstStar = term.IndexOf('*');
        return firstStar < 0
            ? new ApplicationQuery(statuses, NamePrefix: term)
            : new ApplicationQuery(statuses, NamePrefix: term[..firstStar], NameSuffix: term[(term.LastIndexOf('*') + 1)..] is { Length: > 0 } suffix ? suffix : null, NameLength: term.Length);
    }

    [GeneratedRegex("^[0-9A-Za-z]{4}(-?[0-9A-Za-z]{1,4})*$")]
    private static partial Regex NumberPattern();
}
