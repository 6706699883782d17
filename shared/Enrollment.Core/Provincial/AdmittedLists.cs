using Enrollment.Core.Applications;
using Enrollment.Core.Audit;
using Enrollment.Core.Counties;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Provincial;

public abstract record AdmittedListOutcome
{
    private AdmittedListOutcome()
    {
    }

    /// <summary>No such county, or no such school in it.</summary>
    public sealed record NotFound : AdmittedListOutcome;

    /// <summary>The school's admitted children, one row each in <see cref="StudentRecordForm.Fields"/> order.</summary>
    public sealed record Found(County County, School School, IReadOnlyList<IReadOnlyList<string>> Rows) : AdmittedListOutcome;
}

/// <summary>
/// The admitted list per school for student-record (学籍) registration. Student records are created only
/// for children admitted through the published process who then reported at the school (报到), so only those are
/// on it; every export is audited.
/// </summary>
public sealed class AdmittedLists(ICountyStore counties, IPastYearStore pastYears, IApplicationStore applications, StudentRecordForm form, IAuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Admitted through the published process: the admission is the county's own, this year, and was decided
    /// by a person at the school or the bureau (a review decision, or a lottery offer the family then confirmed),
    /// never set by the system alone.
    /// </summary>
    public static bool IsAdmittedThroughPublishedProcess(Application application, County county) =>
        application.Status == ApplicationStatus.Admitted
        && application.CountyId == county.Id
        && application.EnrollmentYear == county.EnrollmentYear
        && application.History.LastOrDefault(h => h.Status == ApplicationStatus.Admitted) is { } admitted
        && (admitted.By is Actor.School or Actor.Bureau
            || (admitted.By == Actor.Parent && application.History.LastOrDefault(h => h.Status == ApplicationStatus.Offered)?.By == Actor.Bureau));

    /// <param name="format">How the list leaves the system (csv, xlsx), for the audit log.</param>
    /// <param name="year">A past year's list (this year's when null), as that year's configuration named the school.</param>
    public async Task<AdmittedListOutcome> ExportAsync(StaffAccount staff, string countyId, string schoolId, int? year, string format, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(countyId, cancellationToken) is { } current ? await pastYears.CountyInAsync(current, year, cancellationToken) : null;
        if (county?.FindSchool(schoolId) is not { } school)
        {
            return new AdmittedListOutcome.NotFound();
        }

        var admitted = new List<Application>();
        await foreach (var application in applications.ListByStatusAsync(school.Id, county.EnrollmentYear, ApplicationStatus.Admitted, cancellationToken))
        {
            if (IsAdmittedThroughPublishedProcess(application, county) && application.CheckedInAt is not null)
            {
                admitted.Add(application);
            }
        }

        var rows = admitted
            .OrderBy(a => a.Child.Pinyin ?? a.Child.Name, StringComparer.Ordinal)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => form.Row(a, school))
            .ToList();

        // Who took which school's list, when and in what form; the children are counted, not named.
        await audit.AppendAsync(AuditEntry.By(staff, county.Id, time.GetUtcNow(), AuditActions.Export, "admitted-list", school.Id, reason: "学籍注册", after: $"{format}: {rows.Count}"), cancellationToken);
        return new AdmittedListOutcome.Found(county, school, rows);
    }
}
