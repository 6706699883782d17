using Enrollment.Core.Counties;
using Enrollment.Core.Identity;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Applications;

public abstract record NewStudentListOutcome
{
    private NewStudentListOutcome()
    {
    }

    /// <summary>No such county, or no such school in it.</summary>
    public sealed record NotFound : NewStudentListOutcome;

    /// <summary>Not public yet; <see cref="Publication"/> is when it will be, if the bureau has set it.</summary>
    public sealed record NotYetPublished(County County, School School, Window? Publication) : NewStudentListOutcome;

    /// <summary>The masked names of the school's admitted children, nothing else about them.</summary>
    public sealed record Published(County County, School School, DateTimeOffset Since, IReadOnlyList<string> MaskedNames) : NewStudentListOutcome;
}

/// <summary>
/// The new-student lists (新生名单公示) the bureau publishes per school before term: only from the
/// publication time on, and only the masked names of children admitted through the published process.
/// </summary>
public sealed class NewStudentLists(ICountyStore counties, IApplicationStore applications, TimeProvider time)
{
    public async Task<NewStudentListOutcome> GetAsync(string countyId, string schoolId, CancellationToken cancellationToken)
    {
        var county = await counties.GetAsync(countyId, cancellationToken);
        if (county?.FindSchool(schoolId) is not { } school)
        {
            return new NewStudentListOutcome.NotFound();
        }

        var publication = PublicationOf(county, school, time.GetUtcNow());
        if (publication is null || publication.StateAt(time.GetUtcNow()) == WindowState.NotYetOpen)
        {
            return new NewStudentListOutcome.NotYetPublished(county, school, publication);
        }

        var names = new List<string>();
        await foreach (var application in applications.ListByStatusAsync(school.Id, county.EnrollmentYear, ApplicationStatus.Admitted, cancellationToken))
        {
            if (application.CountyId == county.Id && application.EnrollmentYear == county.EnrollmentYear)
            {
                names.Add(PersonName.Mask(application.Child.Name));
            }
        }

        // Sorted by the masked text, so the order tells nothing about who applied first.
        names.Sort(StringComparer.Ordinal);
        return new NewStudentListOutcome.Published(county, school, publication.Opens, names);
    }

    /// <summary>
    /// When the school's list goes public: the results window (结果公布) the bureau set for it or its stage.
    /// Without one the list stays private; once it has opened it stays public (a later pause does not unpublish it).
    /// </summary>
    public static Window? PublicationOf(County county, School school, DateTimeOffset now) => county.WindowFor(WindowKind.Results, school, now).Window;
}
