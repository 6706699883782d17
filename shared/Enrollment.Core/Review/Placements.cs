using Enrollment.Core.Applications;
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
public sealed class Placements(ICountyStore counties, IApplicationStore store)
{
    public static readonly IReadOnlySet<ApplicationStatus> WithoutAPlace = new HashSet<ApplicationStatus>
    {
        ApplicationStatus.NotAdmitted, ApplicationStatus.Declined, ApplicationStatus.Waitlisted, ApplicationStatus.Rejected,
    };

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
                if (!WithoutAPlace.Contains(application.Status))
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
}
