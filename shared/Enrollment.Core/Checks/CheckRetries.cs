using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Enrollment.Core.Security;

namespace Enrollment.Core.Checks;

/// <summary>
/// Asks again what a department or the verification service could not answer at submission. When
/// nothing is pending any more, the application leaves 核验中 for 已提交; a fact still not confirmed
/// stays on it for the school, which decides whether to ask for a document. Idempotent.
/// </summary>
public sealed class CheckRetries(IApplicationStore store, ICountyStore counties, DataSharingChecks facts, RealNameChecks realNames, PersonalDataProtector protector, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            foreach (var school in county.Schools)
            {
                await foreach (var application in store.ListByStatusAsync(school.Id, county.EnrollmentYear, ApplicationStatus.Checking, cancellationToken))
                {
                    var factResults = await Task.WhenAll(application.Facts.Select(f => f.Status == FactStatus.Pending ? RecheckAsync(application, f, cancellationToken) : Task.FromResult(f)));
                    var nameResults = await Task.WhenAll(application.RealNames.Select(r => r.Status == RealNameStatus.Pending ? RecheckAsync(application, r, cancellationToken) : Task.FromResult(r)));
                    var stillPending = factResults.Any(f => f.Status == FactStatus.Pending) || nameResults.Any(r => r.Status == RealNameStatus.Pending);

                    var now = time.GetUtcNow();
                    var changed = false;
                    await store.UpdateAsync(application.Id, school.Id, current =>
                    {
                        changed = current.Status == ApplicationStatus.Checking && !stillPending;
                        if (current.Status != ApplicationStatus.Checking)
                        {
                            return null;
                        }

                        var updated = current with { Facts = factResults, RealNames = nameResults };
                        return stillPending ? updated : updated.MoveTo(ApplicationStatus.Submitted, now, Actor.System, "部门数据核验完成");
                    }, cancellationToken);
                    settled += changed ? 1 : 0;
                }
            }
        }

        return settled;
    }

    private async Task<FactResult> RecheckAsync(Application application, FactResult fact, CancellationToken cancellationToken)
    {
        var claim = ClaimFor(application, fact);
        var status = claim is null ? FactStatus.NotMatched : await facts.CheckAsync(claim, cancellationToken);
        return fact with { Status = status, CheckedAt = time.GetUtcNow() };
    }

    private async Task<RealNameCheck> RecheckAsync(Application application, RealNameCheck check, CancellationToken cancellationToken)
    {
        var (name, encrypted) = check.Subject == FactSubject.Child
            ? (application.Child.Name, application.Child.DocumentNumberEncrypted)
            : Guardian(application) is { } g ? (g.Name, g.DocumentNumberEncrypted) : (null, null);
        if (name is null || encrypted is null)
        {
            return check;
        }

        return check with { Status = await realNames.VerifyAsync(name, protector.Decrypt(encrypted), cancellationToken) ?? check.Status, CheckedAt = time.GetUtcNow() };
    }

    /// <summary>The same claim the form made at submission, rebuilt from the stored (encrypted) application.</summary>
    private FactClaim? ClaimFor(Application application, FactResult fact)
    {
        if (fact.Subject == FactSubject.Child)
        {
            return application.Child.DocumentNumberEncrypted is { } number
                ? new FactClaim(fact.Kind, application.Child.Name, protector.Decrypt(number), application.Child.HouseholdRegistrationPlace)
                : null;
        }

        return Guardian(application) is { DocumentNumberEncrypted: { } guardianNumber } guardian
            ? new FactClaim(fact.Kind, guardian.Name, protector.Decrypt(guardianNumber), application.Residence.Address?.Trim())
            : null;
    }

    private static FamilyMemberRecord? Guardian(Application application) =>
        application.Family.FirstOrDefault(m => m.IsGuardian && m.DocumentType == IdentityDocumentType.ResidentId);
}
