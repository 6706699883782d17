using Enrollment.Core.Audit;
using Enrollment.Core.Parents;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Applications;

public abstract record AssistedOutcome
{
    private AssistedOutcome()
    {
    }

    /// <summary>The school is outside the member of staff's scope (or does not exist): answered like a missing one.</summary>
    public sealed record NotFound : AssistedOutcome;

    /// <summary>Staff may not register without the guardian's consent, given in person and kept on paper.</summary>
    public sealed record ConsentNotConfirmed : AssistedOutcome;

    /// <summary>What the ordinary submit answered: accepted (for the guardian's account) or refused, with the same reasons a parent gets.</summary>
    public sealed record Submitted(SubmitOutcome Outcome) : AssistedOutcome;
}

/// <summary>
/// Assisted registration (代为报名) at an offline service point, for families who cannot use a phone:
/// staff submit the form on the guardian's behalf. The application belongs to an account for the
/// guardian's mobile number, so the guardian can later sign in by SMS and follow it; the same rules,
/// checks and windows apply as for a parent; the audit log marks it as assisted, with who did it.
/// </summary>
public sealed class AssistedRegistration(ParentAccounts accounts, ApplicationService applications, Uploads.UploadService uploads, IAuditLog audit, TimeProvider time)
{
    /// <param name="documents">Documents staff photographed for facts the departments could not confirm, uploaded for the guardian (<see cref="GuardianAsync"/>).</param>
    public async Task<AssistedOutcome> SubmitAsync(StaffAccount staff, string schoolId, ApplicationForm form, bool guardianConsented, string? idempotencyKey,
        IReadOnlyDictionary<Outside.FactKind, string>? documents, CancellationToken cancellationToken)
    {
        if (!staff.CanReview(form.CountyId ?? "", schoolId) || form.SchoolIds is not [var firstChoice, ..] || firstChoice != schoolId)
        {
            return new AssistedOutcome.NotFound();
        }

        if (!guardianConsented)
        {
            return new AssistedOutcome.ConsentNotConfirmed();
        }

        var mobile = form.Family?.FirstOrDefault(m => m.IsGuardian == true)?.Mobile;
        if (!ApplicationFormValidation.IsValidMobile(mobile))
        {
            return new AssistedOutcome.Submitted(new SubmitOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["family"] = ["请填写监护人本人的手机号码：报名结果将发送到这个号码，监护人也可以用它登录查看进度。"],
            }));
        }

        var account = await accounts.SignInAsync(SignInMethod.Sms, mobile!, mobile, cancellationToken);
        await accounts.ConsentAsync(account.Id, ConsentText.CurrentVersion, cancellationToken);
        var given = await DocumentsAsync(account.Id, form, documents ?? new Dictionary<Outside.FactKind, string>(), cancellationToken);
        if (given.Errors.Count > 0)
        {
            return new AssistedOutcome.Submitted(new SubmitOutcome.Invalid(given.Errors));
        }

        var outcome = await applications.SubmitAsync(account.Id, form, idempotencyKey, draftId: null, cancellationToken, given.Facts.Count > 0 ? given.Facts : null);
        if (outcome is SubmitOutcome.Accepted { Replayed: false } accepted)
        {
            await audit.AppendAsync(AuditEntry.By(staff, staff.CountyId, time.GetUtcNow(), AuditActions.AssistedRegistration, "application", accepted.Application.Id,
                reason: $"线下服务点代为报名，监护人已当面同意个人信息处理说明（{ConsentText.CurrentVersion}）", after: accepted.Application.Status.ToString(), assisted: true), cancellationToken);
        }

        return new AssistedOutcome.Submitted(outcome);
    }

    /// <summary>
    /// The guardian's account, for staff uploading a document on the family's behalf: found (or made) by the mobile
    /// number, as the submission does. Null outside the staff member's schools or without a valid mobile.
    /// </summary>
    public async Task<string?> GuardianAsync(StaffAccount staff, string schoolId, string? mobile, CancellationToken cancellationToken) =>
        staff.CanReview(staff.CountyId, schoolId) && ApplicationFormValidation.IsValidMobile(mobile)
            ? (await accounts.SignInAsync(SignInMethod.Sms, mobile!, mobile, cancellationToken)).Id
            : null;

    /// <summary>Each given document as the fact it stands for: a document of the guardian's, of the kind that fact asks for.</summary>
    private async Task<(List<Checks.FactResult> Facts, Dictionary<string, string[]> Errors)> DocumentsAsync(
        string ownerId, ApplicationForm form, IReadOnlyDictionary<Outside.FactKind, string> documents, CancellationToken cancellationToken)
    {
        var facts = new List<Checks.FactResult>();
        var errors = new Dictionary<string, string[]>();
        var planned = Checks.DataSharingChecks.Plan(form);
        foreach (var (kind, uploadId) in documents)
        {
            var kindName = Checks.DataSharingChecks.DocumentFor(kind);
            if (planned.FirstOrDefault(p => p.Kind == kind) is not { } check
                || await uploads.GetDocumentAsync(ownerId, uploadId, cancellationToken) is not { } document || document.Kind != kindName)
            {
                errors[$"documents.{kind}"] = [$"“{Uploads.DocumentKinds.Names[kindName]}”没有上传完成，或与这份报名需要的材料不符，请重新拍照上传。"];
                continue;
            }

            facts.Add(new Checks.FactResult(kind, check.Subject, Checks.FactStatus.NotMatched, kindName, uploadId, time.GetUtcNow()));
        }

        return (facts, errors);
    }
}
