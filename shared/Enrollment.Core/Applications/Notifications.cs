using Enrollment.Core.Counties;
using Enrollment.Core.Outside;
using Enrollment.Core.Security;

namespace Enrollment.Core.Applications;

/// <summary>
/// Sends the guardians the messages queued with each change of status (退回补充, results…): a WeChat
/// subscribe message when the guardian signed in through the mini program, otherwise (or when WeChat
/// refuses) a text to the guardian's mobile. A message leaves the queue only once the provider has taken it, so none
/// is lost; it is marked as being sent before the call, so two runs never send it twice, and one left
/// "sending" by a crash is retried after a while.
/// </summary>
public sealed class Notifications(
    IApplicationStore store,
    ICountyStore counties,
    Parents.IParentAccountStore accounts,
    IWeChatNotifier weChat,
    ISmsGateway sms,
    PersonalDataProtector protector,
    TimeProvider time)
{
    public static readonly TimeSpan SendingTimeout = TimeSpan.FromMinutes(10);
    public const int MaxAttempts = 20;

    public static string? TemplateFor(ApplicationStatus status) => status switch
    {
        ApplicationStatus.ReturnedForCorrection => MessageTemplates.ReturnedForCorrection,
        ApplicationStatus.Eligible or ApplicationStatus.Rejected or ApplicationStatus.LotteryPending
            or ApplicationStatus.Offered or ApplicationStatus.Admitted or ApplicationStatus.NotAdmitted or ApplicationStatus.Waitlisted
            or ApplicationStatus.Declined => MessageTemplates.ResultPublished,
        _ => null,
    };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        await foreach (var county in counties.ListAsync(cancellationToken))
        {
            foreach (var school in county.Schools)
            {
                await foreach (var application in store.ListWithOutboxAsync(school.Id, cancellationToken))
                {
                    foreach (var message in application.Outbox ?? [])
                    {
                        sent += await SendAsync(application, message, cancellationToken) ? 1 : 0;
                    }
                }
            }
        }

        return sent;
    }

    private async Task<bool> SendAsync(Application application, OutboxMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        OutboxMessage? claimed = null;
        var current = await store.UpdateAsync(application.Id, application.SchoolId, a =>
        {
            claimed = null;
            var queued = a.Outbox?.FirstOrDefault(m => m.Id == message.Id);
            if (queued is null || queued.Attempts >= MaxAttempts || (queued.SendingSince is { } since && now - since < SendingTimeout))
            {
                return null;
            }

            claimed = queued with { SendingSince = now, Attempts = queued.Attempts + 1 };
            return a with { Outbox = a.Outbox!.Select(m => m.Id == message.Id ? claimed : m).ToList() };
        }, cancellationToken);
        if (claimed is null || current is null)
        {
            return false;
        }

        var result = await SendThroughWeChatAsync(current, claimed, cancellationToken);
        if (result is not SendResult.Sent)
        {
            var guardian = current.Family.FirstOrDefault(m => m.IsGuardian);
            result = guardian is null
                ? new SendResult.Rejected("no guardian")
                : await sms.SendAsync(protector.Decrypt(guardian.MobileEncrypted), claimed.Template, SmsParameters(current, claimed), cancellationToken);
        }

        // Taken by the provider (or refused for good): off the queue. Not reachable now: back in the queue for the next run.
        var done = result is not SendResult.Unavailable;
        await store.UpdateAsync(application.Id, application.SchoolId, a => a with
        {
            Outbox = done
                ? (a.Outbox ?? []).Where(m => m.Id != message.Id).ToList()
                : (a.Outbox ?? []).Select(m => m.Id == message.Id ? m with { SendingSince = null } : m).ToList(),
        }, cancellationToken);
        return result is SendResult.Sent;
    }

    private async Task<SendResult> SendThroughWeChatAsync(Application application, OutboxMessage message, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(application.ParentId, cancellationToken);
        if (account?.NotifyOpenIdEncrypted is not { } openId)
        {
            return new SendResult.Rejected("no WeChat subscription");
        }

        // Keywords as the subscription template declares them (thing1 the school, phrase2 the state, time3 a deadline), each
        // value within what WeChat accepts for its kind.
        var values = new Dictionary<string, string>
        {
            ["thing1"] = SubscribeMessageValues.Thing(application.SchoolName),
            ["phrase2"] = StatusGuide.Phrase(message.Status),
        };
        if (message.Deadline is { } deadline)
        {
            values["time3"] = SubscribeMessageValues.Time(deadline);
        }

        return await weChat.SendSubscribeMessageAsync(protector.Decrypt(openId), message.Template, values, page: "pages/status/index", cancellationToken);
    }

    /// <summary>The school, the status and, for a reminder, its deadline, as the SMS template names them.</summary>
    private static Dictionary<string, string> SmsParameters(Application application, OutboxMessage message)
    {
        var parameters = new Dictionary<string, string> { ["school"] = application.SchoolName, ["status"] = StatusGuide.For(message.Status).Text };
        if (message.Deadline is { } deadline)
        {
            parameters["deadline"] = $"{deadline.ToOffset(Rules.Window.ChinaStandardOffset):M月d日 HH:mm}";
        }

        return parameters;
    }
}
