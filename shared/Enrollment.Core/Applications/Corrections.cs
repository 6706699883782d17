using Enrollment.Core.Checks;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;
using Enrollment.Core.Uploads;

namespace Enrollment.Core.Applications;

public abstract record CorrectionOutcome
{
    private CorrectionOutcome()
    {
    }

    public sealed record Done(Application Application) : CorrectionOutcome;

    public sealed record NotFound : CorrectionOutcome;

    /// <summary>Field path → message: a field the school did not ask about, a document missing, or the form itself.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : CorrectionOutcome;

    /// <summary>Not returned for correction, past the deadline, or changed meanwhile; the reason is for the reader.</summary>
    public sealed record NotAllowed(string Reason) : CorrectionOutcome;
}

/// <summary>An application and the whole form its guardian submitted (decrypted: for its owner only).</summary>
public sealed record SubmittedForm(Application Application, ApplicationForm Form);

/// <summary>
/// 退回补充: the school names the fields and documents to correct and a deadline; the guardian may
/// change only those and resubmits, and the application goes back to the school's queue.
/// </summary>
public sealed class Corrections(
    IApplicationStore store,
    ICountyStore counties,
    ApplicationRecords records,
    UploadService uploads,
    TimeProvider time)
{
    /// <summary>The school's side: return an application it is reviewing, naming what to correct.</summary>
    public async Task<CorrectionOutcome> ReturnAsync(string schoolId, string applicationId, IReadOnlyList<string> fields, IReadOnlyList<FactKind> documents, string message, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (Refusal(fields, documents, deadline, now) is { } refused)
        {
            return refused;
        }

        CorrectionOutcome outcome = new CorrectionOutcome.NotFound();
        var application = await store.UpdateAsync(applicationId, schoolId, a =>
        {
            outcome = Return(a, fields, documents, message, deadline, now);
            return (outcome as CorrectionOutcome.Done)?.Application;
        }, cancellationToken);
        return application is null ? new CorrectionOutcome.NotFound() : outcome;
    }

    /// <summary>Why nothing can be returned with these details, or null when they are complete.</summary>
    public static CorrectionOutcome.NotAllowed? Refusal(IReadOnlyList<string> fields, IReadOnlyList<FactKind> documents, DateTimeOffset deadline, DateTimeOffset now) =>
        fields.Count + documents.Count == 0 || deadline <= now
            ? new CorrectionOutcome.NotAllowed("请指明要补充的内容，并给出晚于现在的截止时间。")
            : null;

    /// <summary>The change itself, on an application as read: for callers that write it back under their own ETag.</summary>
    public static CorrectionOutcome Return(Application application, IReadOnlyList<string> fields, IReadOnlyList<FactKind> documents, string message, DateTimeOffset deadline, DateTimeOffset now) =>
        application.Status is ApplicationStatus.Submitted or ApplicationStatus.UnderReview or ApplicationStatus.Checking
            ? new CorrectionOutcome.Done(application.MoveTo(ApplicationStatus.ReturnedForCorrection, now, Actor.School, message) with
            {
                Correction = new CorrectionRequest(fields, documents, message, deadline, now),
            })
            : new CorrectionOutcome.NotAllowed("这份报名当前不能退回补充。");

    /// <summary>
    /// The guardian's side, before correcting: the application and the form exactly as submitted, so the
    /// page can show it and only the named fields change. Another parent's (or a missing) one answers null.
    /// </summary>
    public async Task<SubmittedForm?> GetFormAsync(string parentId, ApplicationReference reference, CancellationToken cancellationToken)
    {
        var application = await store.GetApplicationAsync(reference.ApplicationId, reference.SchoolId, cancellationToken);
        return application is null || application.ParentId != parentId ? null : new SubmittedForm(application, records.Unprotect(application.EncryptedForm));
    }

    /// <summary>The guardian's side: the corrected form and, for each document asked for, an accepted upload.</summary>
    public async Task<CorrectionOutcome> CorrectAsync(string parentId, ApplicationReference reference, ApplicationForm corrected, IReadOnlyDictionary<FactKind, string> documents, CancellationToken cancellationToken)
    {
        var application = await store.GetApplicationAsync(reference.ApplicationId, reference.SchoolId, cancellationToken);
        if (application is null || application.ParentId != parentId)
        {
            return new CorrectionOutcome.NotFound();
        }

        var now = time.GetUtcNow();
        if (application is not { Status: ApplicationStatus.ReturnedForCorrection, Correction: { } request })
        {
            return new CorrectionOutcome.NotAllowed("这份报名不需要补充。");
        }

        if (now >= request.Deadline)
        {
            return new CorrectionOutcome.NotAllowed("已超过补充截止时间，请拨打学校招生咨询电话。");
        }

        var county = await counties.GetAsync(application.CountyId, cancellationToken);
        if (county?.IsPastYear(application) == true)
        {
            return new CorrectionOutcome.NotAllowed(County.PastYearReason(application.EnrollmentYear));
        }

        var errors = new Dictionary<string, string[]>(ApplicationFormValidation.Validate(corrected, county,
            Window.ChinaDate(now), out var validated));

        // Only what the school named may change; the school and the child's document never do here.
        var original = ApplicationRecords.Fields(records.Unprotect(application.EncryptedForm));
        var changed = ApplicationRecords.Fields(corrected);
        foreach (var path in original.Keys.Union(changed.Keys))
        {
            var same = original.TryGetValue(path, out var before) && changed.TryGetValue(path, out var after) && before == after;
            if (!same && !request.Fields.Any(f => path == f || path.StartsWith(f + ".", StringComparison.Ordinal) || path.StartsWith(f + "[", StringComparison.Ordinal)))
            {
                errors.TryAdd(path, ["学校没有要求修改这一项，请保持原样。"]);
            }
        }

        var facts = application.Facts.ToList();
        foreach (var kind in request.Documents)
        {
            var uploadId = documents.GetValueOrDefault(kind);
            var document = uploadId is null ? null : await uploads.GetDocumentAsync(parentId, uploadId, cancellationToken);
            if (document is null || document.Kind != DataSharingChecks.DocumentFor(kind))
            {
                errors.TryAdd($"documents.{kind}", [$"请上传{DocumentKinds.Names[DataSharingChecks.DocumentFor(kind)]}。"]);
                continue;
            }

            var index = facts.FindIndex(f => f.Kind == kind);
            var fact = index < 0 ? new FactResult(kind, FactSubject.Guardian, FactStatus.NotMatched, document.Kind, null, now) : facts[index];
            facts.RemoveAll(f => f.Kind == kind);
            facts.Add(fact with { UploadId = uploadId });
        }

        if (errors.Count > 0 || validated is null)
        {
            return new CorrectionOutcome.Invalid(errors);
        }

        var corrected2 = await store.UpdateAsync(application.Id, application.SchoolId, current =>
            current.Status != ApplicationStatus.ReturnedForCorrection ? null : current.MoveTo(ApplicationStatus.UnderReview, now, Actor.Parent, "已按要求补充") with
            {
                Child = records.Child(validated),
                Family = records.Family(corrected),
                Residence = corrected.Residence!,
                Circumstances = corrected.Circumstances!,
                PriorityClaims = corrected.PriorityClaims ?? [],
                Facts = facts,
                EncryptedForm = records.Protect(corrected),
                Correction = null,
            }, cancellationToken);
        return corrected2?.Status == ApplicationStatus.UnderReview && corrected2.Correction is null
            ? new CorrectionOutcome.Done(corrected2)
            : new CorrectionOutcome.NotAllowed("学校刚刚更新了这份报名，请刷新后再试。");
    }
}
