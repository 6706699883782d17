using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Review;

/// <summary>A child whose application ended without a place, and the public school whose catchment the family's address is in.</summary>
public sealed record UnplacedChild(string ApplicationId, string MaskedName, string SchoolId, string SchoolName, ApplicationStatus Status,
    string? CatchmentSchoolId, string? CatchmentSchoolName);

/// <summary>
/// 统筹安置: every child of the county whose application ended without a place (not admitted, a lottery place given up
/// or lapsed, still waitlisted, or not eligible at the chosen school), so nobody ends the year unplaced unseen. For
/// each, the public school whose catchment the family's address is in, where the bureau places the child by default.
/// </summary>
public sealed class Placements(ICountyStore counties, IApplicationStore store, Parents.IParentAccountStore accounts, Audit.IAuditLog audit, TimeProvider time)
{
    public static readonly IReadOnlySet<ApplicationStatus> WithoutAPlace = new HashSet<ApplicationStatus>
    {
        ApplicationStatus.NotAdmitted, ApplicationStatus.Declined, ApplicationStatus.Waitlisted, ApplicationStatus.Rejected,
    };

    /// <summary>A place is taken once it is offered: an offer waits for the family's answer.</summary>
    private static readonly IReadOnlyList<ApplicationStatus> PlacesTaken = [ApplicationStatus.Admitted, ApplicationStatus.Offered];

    public async Task<IReadOnlyList<UnplacedChild>?> UnplacedAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county)
        {
            return null;
        }

        var children = new List<UnplacedChild>();
        foreach (var school in county.Schools)
        {
            await foreach (var application in store.ListAsync(school.Id, cancellationToken))
            {
                if (!WithoutAPlace.Contains(application.Status) || await store.IsSupersededAsync(application, cancellationToken))
                {
                    continue;
                }

                var catchment = application.Residence.Address is { Length: >= CatchmentLookup.MinimumLength } address
                    ? CatchmentLookup.Find(county, address).Select(m => m.School).FirstOrDefault(s => s.Kind == SchoolKind.Public && s.Stage == school.Stage)
                    : null;
                children.Add(new UnplacedChild(application.Id, PersonName.Mask(application.Child.Name), school.Id, school.Name, application.Status,
                    catchment?.Id, catchment?.Name));
            }
        }

        return children;
    }

    /// <summary>
    /// Places a child without a place at a public school of the same stage (by default the family's catchment school):
    /// admitted there by the bureau under a new application number derived from the old one, the child's claim moved
    /// to it, the old application closed as not admitted with where the child went. Repeating it finishes it.
    /// </summary>
    public async Task<PlacementOutcome> PlaceAsync(StaffAccount staff, string countyId, string fromSchoolId, string applicationId, string toSchoolId, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county || county.FindSchool(fromSchoolId) is not { } from
            || await store.GetApplicationAsync(applicationId, from.Id, cancellationToken) is not { } old || old.CountyId != countyId)
        {
            return new PlacementOutcome.NotFound();
        }

        if (!staff.CanConfigure(countyId))
        {
            return new PlacementOutcome.ReadOnly();
        }

        if (county.FindSchool(toSchoolId) is not { Kind: SchoolKind.Public } to || to.Stage != from.Stage)
        {
            return new PlacementOutcome.Invalid(new Dictionary<string, string[]> { ["toSchoolId"] = ["请选择本县同一学段的公办学校。"] });
        }

        var placedId = ApplicationNumber.Derived($"placement\n{old.Id}\n{to.Id}");
        var alreadyPlaced = old.Status == ApplicationStatus.NotAdmitted && await store.GetApplicationAsync(placedId, to.Id, cancellationToken) is not null;
        if (!WithoutAPlace.Contains(old.Status) && !alreadyPlaced)
        {
            return new PlacementOutcome.NotWithoutAPlace();
        }

        // A place the bureau gives is one of the school's places: a full school takes nobody more until the bureau raises its plan (audited).
        if (!alreadyPlaced && await store.CountAsync(to.Id, PlacesTaken, cancellationToken) is var taken && taken >= to.Plan.Places)
        {
            return new PlacementOutcome.SchoolFull(to.Name, to.Plan.Places, taken);
        }

        var now = time.GetUtcNow();
        var note = $"教育局统筹安排到{to.Name}";
        var placed = await store.CreateOrGetApplicationAsync((old with
        {
            Id = placedId, SchoolId = to.Id, SchoolName = to.Name, SchoolIds = [to.Id], Lottery = null, Class = null, Correction = null, Outbox = null,
        }).MoveTo(ApplicationStatus.Admitted, now, Actor.Bureau, note), cancellationToken);

        // The claim says which application is the child's this year: from now on, the placed one.
        while (await store.GetClaimAsync(old.ClaimId, cancellationToken) is { } claim && claim.Value.ApplicationId != placed.Id)
        {
            if (await store.TryReplaceClaimAsync(claim.Value with { ApplicationId = placed.Id, SchoolId = to.Id }, claim.ETag, cancellationToken))
            {
                break;
            }
        }

        await store.UpdateAsync(old.Id, old.SchoolId, a => a.Status == ApplicationStatus.NotAdmitted ? null : a.MoveTo(ApplicationStatus.NotAdmitted, now, Actor.Bureau, note), cancellationToken);
        if (await accounts.GetAsync(old.ParentId, cancellationToken) is { } account && account.Applications.All(r => r.ApplicationId != placed.Id))
        {
            await accounts.AddApplicationAsync(old.ParentId, new Security.ApplicationReference(placed.Id, to.Id), cancellationToken);
        }

        await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.PlaceChild, "application", old.Id,
            before: $"school={from.Id}", after: $"school={to.Id}; application={placed.Id}", id: $"{countyId}.placement.{old.Id}"), cancellationToken);
        return new PlacementOutcome.Placed(placed);
    }
}

public abstract record PlacementOutcome
{
    private PlacementOutcome()
    {
    }

    public sealed record Placed(Application Application) : PlacementOutcome;

    public sealed record NotFound : PlacementOutcome;

    public sealed record ReadOnly : PlacementOutcome;

    /// <summary>The child has a place, or the application has not ended yet.</summary>
    public sealed record NotWithoutAPlace : PlacementOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : PlacementOutcome;

    /// <summary>The receiving school's places are all taken.</summary>
    public sealed record SchoolFull(string SchoolName, int Places, int Taken) : PlacementOutcome;
}
