using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Parents;
using Enrollment.Core.Security;

namespace Enrollment.Core.Applications;

/// <summary>The parent's side of an application: submit and look up.</summary>
public sealed class ApplicationService(
    IApplicationStore store,
    ICountyStore counties,
    IParentAccountStore accounts,
    PersonalDataProtector protector,
    TimeProvider time)
{
    public async Task<SubmitOutcome> SubmitAsync(string parentId, SubmitApplicationRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var errors = SubmitApplicationValidation.Validate(request, out var idNumber);
        if (errors.Count > 0 || idNumber is not { } id)
        {
            return new SubmitOutcome.Invalid(errors);
        }

        var account = await accounts.GetAsync(parentId, cancellationToken);
        if (account is null || !account.HasConsented(ConsentText.CurrentVersion))
        {
            return new SubmitOutcome.ConsentRequired();
        }

        var county = await counties.GetAsync(request.CountyId!, cancellationToken);
        var school = county?.FindSchool(request.SchoolId!);
        if (county is null || school is null)
        {
            return new SubmitOutcome.Invalid(new Dictionary<string, string[]> { ["schoolId"] = ["所选学校不在本次招生范围内，请重新选择。"] });
        }

        // The window is checked on every request: the timers only do bulk work at its edges.
        var now = time.GetUtcNow();
        var state = county.Registration.StateAt(now);
        if (state != Rules.WindowState.Open)
        {
            return new SubmitOutcome.WindowNotOpen(county.Registration, state);
        }

        if (!county.AgeRule.IsOldEnough(id.BirthDate, county.EnrollmentYear))
        {
            return new SubmitOutcome.TooYoung(county.AgeRule.LatestBirthDate(county.EnrollmentYear));
        }

        var claim = new ChildClaim(protector.ChildClaimId(id.Value, county.EnrollmentYear), ApplicationNumber.New(), school.Id, idempotencyKey, now);
        if (await store.TryCreateClaimAsync(claim, cancellationToken))
        {
            return new SubmitOutcome.Accepted(await StoreAsync(account, claim, county, request, id, now, cancellationToken), Replayed: false);
        }

        var existing = await store.GetClaimAsync(claim.Id, cancellationToken);
        if (existing is null)
        {
            // Claims are never deleted during a year; a vanished one means storage lost it: let the parent retry.
            throw new InvalidOperationException("A child claim reported as existing could not be read.");
        }

        var stored = await store.GetApplicationAsync(existing.Value.ApplicationId, existing.Value.SchoolId, cancellationToken);
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
            return new SubmitOutcome.Accepted(await StoreAsync(account, existing.Value, county, request, id, now, cancellationToken), Replayed: true);
        }

        // A claim without an application was never acknowledged to anyone: this submission takes it over,
        // unless another one got there first.
        if (!await store.TryReplaceClaimAsync(claim, existing.ETag, cancellationToken))
        {
            return new SubmitOutcome.AlreadyApplied();
        }

        return new SubmitOutcome.Accepted(await StoreAsync(account, claim, county, request, id, now, cancellationToken), Replayed: false);
    }

    /// <summary>One of this parent's applications; another parent's answers null, exactly like a missing one.</summary>
    public async Task<Application?> GetAsync(string parentId, ApplicationReference reference, CancellationToken cancellationToken)
    {
        var application = await store.GetApplicationAsync(reference.ApplicationId, reference.SchoolId, cancellationToken);
        return application?.ParentId == parentId ? application : null;
    }

    private async Task<Application> StoreAsync(ParentAccount account, ChildClaim claim, County county, SubmitApplicationRequest request, ResidentIdNumber id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mobile = request.GuardianMobile!.Trim();
        var application = new Application(
            claim.ApplicationId,
            account.Id,
            claim.SchoolId,
            county.FindSchool(claim.SchoolId)?.Name ?? claim.SchoolId,
            county.Id,
            county.EnrollmentYear,
            ApplicationStatus.Submitted,
            new ChildRecord(request.ChildName!.Trim(), id.Masked, protector.Encrypt(id.Value), id.BirthDate, id.Sex),
            new GuardianRecord(request.GuardianName!.Trim(), ParentAccounts.MaskMobile(mobile), protector.Encrypt(mobile)),
            claim.Id,
            now);
        var stored = await store.CreateOrGetApplicationAsync(application, cancellationToken);
        await accounts.AddApplicationAsync(account.Id, new ApplicationReference(stored.Id, stored.SchoolId), cancellationToken);
        return stored;
    }
}
