using Enrollment.Core.Counties;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Applications;

/// <summary>
/// When a school's registration window has closed, moves its submitted applications into review.
/// Idempotent: a second run finds nothing left to move; safe when late, since it only looks at state.
/// </summary>
public sealed class ReviewStart(IApplicationStore store, ICountyStore counties, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            moved += await RunAsync(county, cancellationToken);
        }

        return moved;
    }

    /// <summary>The same for one county: the timer's work, and a rehearsal's (which the timer never sees).</summary>
    public async Task<int> RunAsync(County county, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var moved = 0;
        // Paused is not closed: a pause is lifted again and registration goes on.
        foreach (var school in county.Schools.Where(s => county.WindowFor(WindowKind.Registration, s, now).State == WindowState.Closed))
        {
            await foreach (var application in store.ListByStatusAsync(school.Id, county.EnrollmentYear, ApplicationStatus.Submitted, cancellationToken))
            {
                // Decided on the state read for the write that lands, so a concurrent change is never counted or overwritten.
                var changed = false;
                await store.UpdateAsync(application.Id, school.Id, a =>
                {
                    changed = a.Status == ApplicationStatus.Submitted;
                    return changed ? a.MoveTo(ApplicationStatus.UnderReview, now, Actor.System, note: null) : null;
                }, cancellationToken);
                moved += changed ? 1 : 0;
            }
        }

        return moved;
    }
}
