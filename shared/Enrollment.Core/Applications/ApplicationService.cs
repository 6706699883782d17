using Enrollment.Core.Checks;
using Enrollment.Core.Counties;
using Enrollment.Core.Drafts;
using Enrollment.Core.Identity;
using Enrollment.Core.Parents;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;

namespace Enrollment.Core.Applications;

/// <summary>The parent's side of an application: submit and look up.</summary>
public sealed class ApplicationService(
    IApplicationStore store,
    ICountyStore counties,
    IParentAccountStore accounts,
    DataSharingChecks checks,
    RealNameChecks realNames,
    DraftService drafts,
    ApplicationRecords records,
    PersonalDataProtector protector,
    TimeProvider time)
{
    /// <summary>
    /// Submits the form. With the draft it was typed in, the facts already checked there (and the
    /// documents attached to them) count; anything not yet checked is checked now.
    /// </summary>
    /// <param name="documents">Documents given for facts up front (staff registering a family), instead of a draft's.</param>
    public async Task<SubmitOutcome> SubmitAsync(string parentId, ApplicationForm form, string? idempotencyKey, string? draftId, CancellationToken cancellationToken,
        IReadOnlyList<FactResult>? documents = null)
    {
        var county = string.IsNullOrWhiteSpace(form.CountyId) ? null : await counties.GetAsync(form.CountyId, cancellationToken);
        var now = time.GetUtcNow();
        var errors = ApplicationFormValidation.Validate(form, county, Window.ChinaDate(now), out var validated);
        if (errors.Count > 0 || validated is null || county is null)
        {
            return new SubmitOutcome.Invalid(errors);
        }

        var account = await accounts.GetAsync(parentId, cancellationToken);
        if (account is null || !account.HasConsented(ConsentText.CurrentVersion))
        {
            return new SubmitOutcome.ConsentRequired();
        }

        // Every chosen school's window is checked on every request: the timers only do bulk work at its edges.
        if (validated.Schools.Select(s => county.WindowFor(WindowKind.Registration, s, now)).FirstOrDefault(r => !r.IsOpen) is { } closed)
        {
            return new SubmitOutcome.WindowNotOpen(closed);
        }

        if (!county.AgeRule.IsOldEnough(validated.BirthDate, county.EnrollmentYear))
        {
            return new SubmitOutcome.TooYoung(county.AgeRule.LatestBirthDate(county.EnrollmentYear));
        }

        var claim = new ChildClaim(protector.ChildClaimId(county.ClaimKeyFor(validated.ClaimKey), county.EnrollmentYear), ApplicationNumber.New(), validated.FirstToDecide.Id, idempotencyKey, now);
        var existingClaim = await store.GetClaimAsync(claim.Id, cancellationToken);
        if (existingClaim is null)
        {
            // Only a new application asks the departments: a retry or a duplicate is answered from storage.
            var names = await realNames.RunAsync(form, cancellationToken);
            if (MismatchedNames(form, names) is { Count: > 0 } mismatched)
            {
                return new SubmitOutcome.Invalid(mismatched);
            }

            var previous = documents ?? (draftId is null ? [] : await drafts.FactsForAsync(parentId, draftId, form, cancellationToken));
            var facts = await checks.RunAsync(form, previous, cancellationToken);
            if (facts.Any(f => f.NeedsDocument))
            {
                return new SubmitOutcome.DocumentsNeeded(facts);
            }

            if (await store.TryCreateClaimAsync(claim, cancellationToken))
            {
                var created = await StoreAsync(account, claim, county, validated, facts, names, now, cancellationToken);
                if (draftId is not null)
                {
                    await drafts.DeleteAsync(parentId, draftId, cancellationToken);
                }

                return new SubmitOutcome.Accepted(created, Replayed: false);
            }
        }

        var existing = existingClaim ?? await store.GetClaimAsync(claim.Id, cancellationToken);
        if (existing is null)
        {
            // Claims are never deleted during a year; a vanished one means storage lost it: let the parent retry.
            throw new InvalidOperationException("A child claim reported as existing could not be read.");
        }

        var stored = await store.GetApplicationAsync(existing.Value.ApplicationId, existing.Value.SchoolId, cancellationToken);
        if (stored?.Status == ApplicationStatus.Withdrawn)
        {
            // A withdrawal that stopped before freeing the claim: the child may apply again.
            stored = null;
        }

        var sameSubmission = idempotencyKey is not null && existing.Value.IdempotencyKey == idempotencyKey;
        if (stored is not null)
        {
            if (!sameSubmission || stored.ParentId != account.Id)
            {
                return new SubmitOutcome.AlreadyApplied();
            }

            // The first attempt may have stopped before recording the application on the account.
            if (!account.Applications.Any(a => a.ApplicationId == stored.Id))
            {
                await accounts.AddApplicationAsync(account.Id, new ApplicationReference(stored.Id, stored.SchoolId), cancellationToken);
            }

            return new SubmitOutcome.Accepted(stored, Replayed: true);
        }

        if (sameSubmission)
        {
            // The first attempt claimed the child but stopped before storing the application: finish it.
            return new SubmitOutcome.Accepted(await StoreAsync(account, existing.Value, county, validated,
                await checks.RunAsync(form, [], cancellationToken), await realNames.RunAsync(form, cancellationToken), now, cancellationToken), Replayed: true);
        }

        // A claim without an application was never acknowledged to anyone: this submission takes it over,
        // unless another one got there first. A young claim may belong to a submission still storing its
        // application (two guardians' phones at the same moment): taking that over would make two.
        if (now - existing.Value.ClaimedAt < ClaimAbandonedAfter)
        {
            return new SubmitOutcome.AlreadyApplied();
        }

        var retaken = await checks.RunAsync(form, draftId is null ? [] : await drafts.FactsForAsync(parentId, draftId, form, cancellationToken), cancellationToken);
        if (retaken.Any(f => f.NeedsDocument))
        {
            return new SubmitOutcome.DocumentsNeeded(retaken);
        }

        if (!await store.TryReplaceClaimAsync(claim, existing.ETag, cancellationToken))
        {
            return new SubmitOutcome.AlreadyApplied();
        }

        return new SubmitOutcome.Accepted(await StoreAsync(account, claim, county, validated, retaken, await realNames.RunAsync(form, cancellationToken), now, cancellationToken), Replayed: false);
    }

    /// <summary>
    /// How old a claim without an application must be before another submission may take it over: far longer
    /// than any request runs (the platform cuts HTTP requests off after 230 seconds).
    /// </summary>
    public static readonly TimeSpan ClaimAbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Withdraws the application while registration is open and the school has not decided yet, then
    /// frees the child for a new application. Repeating it finishes an interrupted withdrawal.
    /// </summary>
    public async Task<WithdrawOutcome> WithdrawAsync(string parentId, ApplicationReference reference, CancellationToken cancellationToken)
    {
        var application = await GetAsync(parentId, reference, cancellationToken);
        if (application is null)
        {
            return new WithdrawOutcome.NotFound();
        }

        var county = await counties.GetAsync(application.CountyId, cancellationToken);
        if (county?.IsPastYear(application) == true)
        {
            return new WithdrawOutcome.NotAllowed(County.PastYearReason(application.EnrollmentYear));
        }

        var now = time.GetUtcNow();
        var school = county?.FindSchool(application.SchoolId);
        var window = school is null ? null : county!.WindowFor(WindowKind.Registration, school, now);
        if (window is not { IsOpen: true })
        {
            return new WithdrawOutcome.NotAllowed(window?.PauseMessage ?? "报名已经截止，不能再撤回。如有特殊情况，请拨打学校招生咨询电话。");
        }

        if (application.Status is not (ApplicationStatus.Submitted or ApplicationStatus.Checking or ApplicationStatus.UnderReview
            or ApplicationStatus.ReturnedForCorrection or ApplicationStatus.Withdrawn))
        {
            return new WithdrawOutcome.NotAllowed("学校已经作出审核决定，不能在网上撤回。如有疑问，请拨打学校招生咨询电话。");
        }

        var withdrawn = await store.UpdateAsync(application.Id, application.SchoolId,
            a => a.Status == ApplicationStatus.Withdrawn ? null : a.MoveTo(ApplicationStatus.Withdrawn, now, Actor.Parent, note: null),
            cancellationToken);
        if (withdrawn?.Status != ApplicationStatus.Withdrawn)
        {
            return new WithdrawOutcome.NotAllowed("学校刚刚更新了这份报名，请刷新后再试。");
        }

        await store.DeleteClaimAsync(withdrawn.ClaimId, cancellationToken);
        return new WithdrawOutcome.Withdrawn(withdrawn);
    }

    /// <summary>One of this parent's applications; another parent's answers null, exactly like a missing one.</summary>
    public Task<Application?> GetAsync(string parentId, ApplicationReference reference, CancellationToken cancellationToken) =>
        store.GetParentsAsync(parentId, reference, cancellationToken);

    private static Dictionary<string, string[]> MismatchedNames(ApplicationForm form, IReadOnlyList<RealNameCheck> names) =>
        names.Where(n => n.Status == RealNameStatus.Mismatch).ToDictionary(
            n => n.Subject == FactSubject.Child ? "child.documentNumber" : $"family[{(form.Family ?? []).ToList().FindIndex(m => m.IsGuardian == true)}].documentNumber",
            n => new[] { n.Subject == FactSubject.Child
                ? "孩子的姓名与身份证号码不一致，请对照户口簿核对姓名和号码。"
                : "监护人的姓名与身份证号码不一致，请核对。" });

    private async Task<Application> StoreAsync(ParentAccount account, ChildClaim claim, County county, ValidatedForm validated, IReadOnlyList<FactResult> facts, IReadOnlyList<RealNameCheck> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var form = validated.Form;
        var pending = facts.Any(f => f.Status == FactStatus.Pending) || names.Any(n => n.Status == RealNameStatus.Pending);
        var status = pending ? ApplicationStatus.Checking : ApplicationStatus.Submitted;
        var application = new Application(
            claim.ApplicationId,
            account.Id,
            claim.SchoolId,
            county.FindSchool(claim.SchoolId)?.Name ?? claim.SchoolId,
            validated.Schools.Select(s => s.Id).ToList(),
            county.Id,
            county.EnrollmentYear,
            status,
            [new StatusChange(status, now, Actor.Parent, Note: null)],
            records.Child(validated),
            records.Family(form),
            form.Residence!,
            form.Circumstances!,
            form.PriorityClaims ?? [],
            facts,
            names,
            records.Protect(form),
            Correction: null,
            claim.Id,
            now);
        var stored = await store.CreateOrGetApplicationAsync(application, cancellationToken);
        await accounts.AddApplicationAsync(account.Id, new ApplicationReference(stored.Id, stored.SchoolId), cancellationToken);
        return stored;
    }
}
