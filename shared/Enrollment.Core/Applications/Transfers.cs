using Enrollment.Core.Counties;
using Enrollment.Core.Parents;
using Enrollment.Core.Security;

namespace Enrollment.Core.Applications;

/// <summary>
/// Moves a child's application to another school, as the bureau's placement (统筹安置) and a private school's fallback
/// to the public choice (公民同招) do: a new application at that school under a number derived from the old one, the
/// child's claim moved to it, the old one closed as not admitted saying where the child went, and the family's account
/// given the new one. Every step can be repeated, so a move cut short is finished by doing it again.
/// </summary>
public sealed class Transfers(IApplicationStore store, IParentAccountStore accounts)
{
    /// <summary>The number the moved application gets: derived, so a repeat finds the one made before.</summary>
    public static string MovedId(string reason, string oldId, string schoolId) => ApplicationNumber.Derived($"{reason}\n{oldId}\n{schoolId}");

    public async Task<Application> MoveAsync(Application old, School to, string reason, ApplicationStatus status, Actor by, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var moved = await store.CreateOrGetApplicationAsync((old with
        {
            Id = MovedId(reason, old.Id, to.Id), SchoolId = to.Id, SchoolName = to.Name, SchoolIds = [to.Id], Lottery = null, Class = null, Correction = null, Outbox = null, CheckedInAt = null, Reminded = null,
        }).MoveTo(status, now, by, note), cancellationToken);

        // The claim says which application is the child's this year: from now on, the moved one.
        while (await store.GetClaimAsync(old.ClaimId, cancellationToken) is { } claim && claim.Value.ApplicationId != moved.Id)
        {
            if (await store.TryReplaceClaimAsync(claim.Value with { ApplicationId = moved.Id, SchoolId = to.Id }, claim.ETag, cancellationToken))
            {
                break;
            }
        }

        await store.UpdateAsync(old.Id, old.SchoolId, a => a.Status == ApplicationStatus.NotAdmitted ? null : a.MoveTo(ApplicationStatus.NotAdmitted, now, by, note), cancellationToken);
        if (await accounts.GetAsync(old.ParentId, cancellationToken) is { } account && account.Applications.All(r => r.ApplicationId != moved.Id))
        {
            await accounts.AddApplicationAsync(old.ParentId, new ApplicationReference(moved.Id, to.Id), cancellationToken);
        }

        return moved;
    }
}
