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
/// The children the bureau placed at one school this year, in the order their places were reserved. Written under its
/// ETag before a child is moved, so two officers placing at once cannot both take a school's last place.
/// </summary>
public sealed record PlacementLedger(string Id, string CountyId, string SchoolId, IReadOnlyList<string> Placed)
{
    public static string IdFor(int year, string schoolId) => $"{year}-{schoolId}-placements";
}

public interface IPlacementLedgerStore
{
    Task<Versioned<PlacementLedger>?> GetAsync(string countyId, string ledgerId, CancellationToken cancellationToken);

    /// <summary>False when the ledger exists already.</summary>
    Task<bool> TryCreateAsync(PlacementLedger ledger, CancellationToken cancellationToken);

    /// <summary>False when someone else changed it since it was read under <paramref name="etag"/>.</summary>
    Task<bool> TryReplaceAsync(PlacementLedger ledger, string etag, CancellationToken cancellationToken);
}

/// <summary>
/// 统筹安置: every child of the county whose application ended without a place (not admitted, a lottery place given up
/// or lapsed, still waitlisted, or not eligible at the chosen school), so nobody ends the year unplaced unseen. For
/// each, the public school whose catchment the family's address is in, where the bureau places the child by default.
/// </summary>
public sealed class Placements(ICountyStore counties, IApplicationStore store, IPlacementLedgerStore ledgers, Transfers transfers, Audit.IAuditLog audit, TimeProvider time)
{
    public static readonly IReadOnlySet<ApplicationStatus> WithoutAPlace = new HashSet<ApplicationStatus>
    {
        ApplicationStatus.NotAdmitted, ApplicationStatus.Declined, ApplicationStatus.Waitlisted, ApplicationStatus.Rejected,
    };

    private const string PlacementReason = "placement";

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
            await foreach (var application in store.ListAsync(school.Id, county.EnrollmentYear, cancellationToken))
            {
                if (!WithoutAPlace.Contains(application.Status) || await store.IsSupersededAsync(application, cancellationToken))
                {
                    continue;
                }

                var catchment = CatchmentLookup.SchoolFor(county, application, school.Stage);
                children.Add(new UnplacedChild(application.Id, PersonName.Mask(application.Child.Name), school.Id, school.Name, application.Status,
                    catchment?.Id, catchment?.Name));
            }
        }

        return children;
    }

    /// <summary>
    /// Places a child without a place at a public school of the same stage (by default the family's catchment school):
    /// admitted there by the bureau, the application moved there (<see cref="Transfers"/>). Repeating it finishes it.
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

        if (county.IsPastYear(old))
        {
            return new PlacementOutcome.PastYear(old.EnrollmentYear);
        }

        if (county.FindSchool(toSchoolId) is not { Kind: SchoolKind.Public } to || to.Stage != from.Stage)
        {
            return new PlacementOutcome.Invalid(new Dictionary<string, string[]> { ["toSchoolId"] = ["请选择本县同一学段的公办学校。"] });
        }

        var placedId = Transfers.MovedId(PlacementReason, old.Id, to.Id);
        var alreadyPlaced = old.Status == ApplicationStatus.NotAdmitted && await store.GetApplicationAsync(placedId, to.Id, cancellationToken) is not null;
        if (!WithoutAPlace.Contains(old.Status) && !alreadyPlaced)
        {
            return new PlacementOutcome.NotWithoutAPlace();
        }

        // A place the bureau gives is one of the school's places: a full school takes nobody more until the bureau raises its plan (audited).
        if (!alreadyPlaced && await ReserveAsync(county, to, old.Id, cancellationToken) is { } full)
        {
            return full;
        }

        var now = time.GetUtcNow();
        var placed = await transfers.MoveAsync(old, to, PlacementReason, ApplicationStatus.Admitted, Actor.Bureau, $"教育局统筹安排到{to.Name}", now, cancellationToken);
        await audit.AppendAsync(AuditEntry.By(staff, countyId, now, AuditActions.PlaceChild, "application", old.Id,
            before: $"school={from.Id}", after: $"school={to.Id}; application={placed.Id}", id: $"{countyId}.placement.{old.Id}"), cancellationToken);
        return new PlacementOutcome.Placed(placed);
    }

    /// <summary>
    /// Reserves a place at <paramref name="to"/> in its ledger, counting the places taken (admitted or offered there) and
    /// those reserved by placements not finished yet; null once reserved (or reserved before, by a repeat), else why not.
    /// </summary>
    private async Task<PlacementOutcome.SchoolFull?> ReserveAsync(County county, School to, string applicationId, CancellationToken cancellationToken)
    {
        var ledgerId = PlacementLedger.IdFor(county.EnrollmentYear, to.Id);
        while (true)
        {
            var ledger = await ledgers.GetAsync(county.Id, ledgerId, cancellationToken);
            var reserved = ledger?.Value.Placed ?? [];
            if (reserved.Contains(applicationId))
            {
                return null;
            }

            var taken = new HashSet<string>(reserved.Select(id => Transfers.MovedId(PlacementReason, id, to.Id)));
            foreach (var status in PlacesTaken)
            {
                await foreach (var application in store.ListByStatusAsync(to.Id, county.EnrollmentYear, status, cancellationToken))
                {
                    taken.Add(application.Id);
                }
            }

            if (taken.Count >= to.Plan.Places)
            {
                return new PlacementOutcome.SchoolFull(to.Name, to.Plan.Places, taken.Count);
            }

            var reserving = new PlacementLedger(ledgerId, county.Id, to.Id, [.. reserved, applicationId]);
            if (ledger is null ? await ledgers.TryCreateAsync(reserving, cancellationToken) : await ledgers.TryReplaceAsync(reserving, ledger.ETag, cancellationToken))
            {
                return null;
            }
        }
    }
}

public abstract record PlacementOutcome
{
    private PlacementOutcome()
    {
    }

    public sealed record Placed(Application Application) : PlacementOutcome;

    public sealed record NotFound : PlacementOutcome;

    /// <summary>The child applied in a year the county has rolled over from: that year is read-only.</summary>
    public sealed record PastYear(int Year) : PlacementOutcome;

    public sealed record ReadOnly : PlacementOutcome;

    /// <summary>The child has a place, or the application has not ended yet.</summary>
    public sealed record NotWithoutAPlace : PlacementOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : PlacementOutcome;

    /// <summary>The receiving school's places are all taken.</summary>
    public sealed record SchoolFull(string SchoolName, int Places, int Taken) : PlacementOutcome;
}
