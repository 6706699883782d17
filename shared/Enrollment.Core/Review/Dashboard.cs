using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Review;

/// <summary>One school on the bureau's dashboard: its plan and how many applications stand in each state.</summary>
public sealed record DashboardSchool(string SchoolId, string Name, SchoolKind Kind, Stage Stage, int Places, int Classes, IReadOnlyDictionary<ApplicationStatus, int> Counts)
{
    /// <summary>Eligible and beyond (lottery, admitted) against the places: above 1 means the school is oversubscribed.</summary>
    public int Demand => Counts.Where(c => c.Key is ApplicationStatus.Eligible or ApplicationStatus.LotteryPending or ApplicationStatus.Offered or ApplicationStatus.Admitted or ApplicationStatus.Waitlisted).Sum(c => c.Value);
}

public sealed record DashboardView(string CountyId, string Name, DateTimeOffset At, IReadOnlyList<DashboardSchool> Schools);

/// <summary>
/// The bureau's live dashboard: per school and stage, counts by state against places. One count query per
/// school and state, each inside that school's partition, never a scan across the whole county.
/// </summary>
public sealed class Dashboard(ICountyStore counties, IApplicationStore store, TimeProvider time)
{
    public async Task<DashboardView?> GetAsync(StaffAccount staff, string countyId, CancellationToken cancellationToken)
    {
        if (!staff.CanAudit(countyId) || await counties.GetAsync(countyId, cancellationToken) is not { } county)
        {
            return null;
        }

        var statuses = Enum.GetValues<ApplicationStatus>();
        var schools = await Task.WhenAll(county.Schools.Select(async school =>
        {
            var counts = await Task.WhenAll(statuses.Select(s => store.CountAsync(school.Id, county.EnrollmentYear, [s], cancellationToken)));
            return new DashboardSchool(school.Id, school.Name, school.Kind, school.Stage, school.Plan.Places, school.Plan.Classes,
                statuses.Zip(counts).Where(p => p.Second > 0).ToDictionary(p => p.First, p => p.Second));
        }));
        return new DashboardView(county.Id, county.Name, time.GetUtcNow(), schools);
    }
}
