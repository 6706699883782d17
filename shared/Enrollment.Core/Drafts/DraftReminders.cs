using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Enrollment.Core.Rules;

namespace Enrollment.Core.Drafts;

/// <summary>
/// Reminds a guardian with a saved, unsubmitted form by text, once, in the last day before the
/// registration window of the chosen school (or, with none chosen yet, the county's last one) closes.
/// Idempotent: the reminder is marked create-only before it is sent, so a second run (or a second
/// instance) sends nothing; a text the gateway could not take now is unmarked and tried on the next run.
/// </summary>
public sealed class DraftReminders(ICountyStore counties, IDraftStore store, ApplicationRecords records, ISmsGateway sms, TimeProvider time)
{
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            await foreach (var draft in store.ListOpenAsync(county.Id, cancellationToken))
            {
                var form = records.Unprotect(draft.EncryptedForm);
                var mobile = form.Family?.FirstOrDefault(m => m.IsGuardian == true)?.Mobile;
                if (ClosingSoon(county, form.SchoolIds, now) is not { } closes || !ApplicationFormValidation.IsValidMobile(mobile)
                    || !await store.TryMarkRemindedAsync(draft.ParentId, draft.Id, cancellationToken))
                {
                    continue;
                }

                var result = await sms.SendAsync(mobile!, MessageTemplates.DraftReminder,
                    new Dictionary<string, string> { ["closes"] = $"{closes.ToOffset(Window.ChinaStandardOffset):M月d日 HH:mm}" }, cancellationToken);
                if (result is SendResult.Unavailable)
                {
                    await store.UnmarkRemindedAsync(draft.ParentId, draft.Id, cancellationToken);
                    continue;
                }

                sent += result is SendResult.Sent ? 1 : 0;
            }
        }

        return sent;
    }

    /// <summary>When the window that matters to this draft closes, if that is within <see cref="Ahead"/> and it is open now.</summary>
    private static DateTimeOffset? ClosingSoon(County county, IReadOnlyList<string>? schoolIds, DateTimeOffset now)
    {
        var chosen = (schoolIds ?? []).Select(county.FindSchool).OfType<School>().ToList();
        var open = (chosen.Count > 0 ? chosen : county.Schools)
            .Select(s => county.WindowFor(WindowKind.Registration, s, now))
            .Where(r => r is { IsOpen: true, Window: not null })
            .Select(r => r.Window!.Closes)
            .ToList();
        if (open.Count == 0)
        {
            return null;
        }

        // With schools chosen, the first of theirs to close; with none, the last chance anywhere in the county.
        var closes = chosen.Count > 0 ? open.Min() : open.Max();
        return closes - now <= Ahead ? closes : null;
    }
}
