using Enrollment.Core.Applications;
using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Enrollment.Core.Rules;
using Enrollment.Core.Security;
using Enrollment.Core.Staff;

namespace Enrollment.Core.Review;

/// <summary>
/// Reminds a school's reviewers and head by text, once per review window, in its last day, when applications
/// still wait for the school. Only staff who gave a mobile number are texted. Idempotent like the draft
/// reminders: marked create-only before sending, unmarked when the gateway could not take the text.
/// </summary>
public sealed class ReviewReminders(ICountyStore counties, IApplicationStore applications, IStaffStore staff, PersonalDataProtector protector, ISmsGateway sms, TimeProvider time)
{
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    private static readonly ApplicationStatus[] Waiting = [ApplicationStatus.Submitted, ApplicationStatus.Checking, ApplicationStatus.UnderReview];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            IReadOnlyList<StaffAccount>? accounts = null;
            foreach (var school in county.Schools)
            {
                if (county.WindowFor(WindowKind.Review, school, now) is not { IsOpen: true, Window: { } window } || window.Closes - now > Ahead)
                {
                    continue;
                }

                var waiting = await applications.CountAsync(school.Id, county.EnrollmentYear, Waiting, cancellationToken);
                if (waiting == 0)
                {
                    continue;
                }

                accounts ??= await staff.ListAsync(county.Id, cancellationToken);
                var mark = $"review-backlog|{school.Id}|{window.Closes.UtcDateTime:yyyyMMddHHmm}";
                foreach (var member in accounts.Where(a => !a.Disabled && a.MobileEncrypted is not null
                    && a.Role is StaffRole.SchoolReviewer or StaffRole.SchoolHead && a.SchoolIds.Contains(school.Id)))
                {
                    if (!await staff.TryMarkRemindedAsync(member.Id, mark, cancellationToken))
                    {
                        continue;
                    }

                    var result = await sms.SendAsync(protector.Decrypt(member.MobileEncrypted!), MessageTemplates.ReviewBacklog, new Dictionary<string, string>
                    {
                        ["school"] = school.Name,
                        ["count"] = waiting.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["closes"] = $"{window.Closes.ToOffset(Window.ChinaStandardOffset):M月d日 HH:mm}",
                    }, cancellationToken);
                    if (result is SendResult.Unavailable)
                    {
                        await staff.UnmarkRemindedAsync(member.Id, mark, cancellationToken);
                        continue;
                    }

                    sent += result is SendResult.Sent ? 1 : 0;
                }
            }
        }

        return sent;
    }
}
