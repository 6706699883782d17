using Enrollment.Core.Counties;
using Enrollment.Core.Outside;

namespace Enrollment.Core.Applications;

/// <summary>
/// Reminds a guardian, once, in the last day before a deadline only the guardian can meet: a correction the school
/// asked for (退回补充) and a lottery place waiting to be confirmed. The reminder is queued in the application's own
/// outbox together with the deadline's key, in one write, so it is sent like any other message and never twice; a new
/// deadline (another correction, a place offered from the waitlist) is reminded of again.
/// </summary>
public sealed class DeadlineReminders(ICountyStore counties, IApplicationStore store, TimeProvider time)
{
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    private static readonly ApplicationStatus[] Waiting = [ApplicationStatus.ReturnedForCorrection, ApplicationStatus.Offered];

    /// <summary>The deadline the guardian has to meet in this state, if any.</summary>
    public static DateTimeOffset? DeadlineOf(Application application) => application.Status switch
    {
        ApplicationStatus.ReturnedForCorrection => application.Correction?.Deadline,
        ApplicationStatus.Offered => application.Lottery?.OfferExpires,
        _ => null,
    };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            foreach (var school in county.Schools)
            {
                foreach (var status in Waiting)
                {
                    await foreach (var application in store.ListByStatusAsync(school.Id, county.EnrollmentYear, status, cancellationToken))
                    {
                        if (!Due(application, now))
                        {
                            continue;
                        }

                        var added = false;
                        await store.UpdateAsync(application.Id, application.SchoolId, a =>
                        {
                            added = Due(a, now);
                            return added ? Remind(a, now) : null;
                        }, cancellationToken);
                        queued += added ? 1 : 0;
                    }
                }
            }
        }

        return queued;
    }

    private static bool Due(Application application, DateTimeOffset now) =>
        DeadlineOf(application) is { } deadline && deadline > now && deadline - now <= Ahead && !(application.Reminded ?? []).Contains(KeyOf(application, deadline));

    private static Application Remind(Application application, DateTimeOffset now)
    {
        var deadline = DeadlineOf(application)!.Value;
        var key = KeyOf(application, deadline);
        var message = new OutboxMessage($"{application.Id}-remind-{application.History.Count}", MessageTemplates.DeadlineReminder, application.Status, now, Attempts: 0, SendingSince: null, deadline);
        return application with { Outbox = [.. application.Outbox ?? [], message], Reminded = [.. application.Reminded ?? [], key] };
    }

    private static string KeyOf(Application application, DateTimeOffset deadline) => $"{application.Status}@{deadline.ToUnixTimeSeconds()}";
}
