namespace Enrollment.Core.Outside;

/// <summary>What became of one message handed to an outside channel (SMS, WeChat).</summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    /// <summary>The channel accepted the message; <paramref name="MessageId"/> is its id for the message, when it gives one.</summary>
    public sealed record Sent(string? MessageId) : SendResult;

    /// <summary>
    /// The channel refused this message for a reason that sending it again will not change (a bad number,
    /// a user who has not subscribed, a template parameter it does not accept). The reason is the
    /// channel's own code or text, for support staff.
    /// </summary>
    public sealed record Rejected(string Reason) : SendResult;

    /// <summary>The channel could not be reached or used now: try later, or another channel.</summary>
    public sealed record Unavailable(Unavailability Reason) : SendResult;
}

/// <summary>
/// The messages the application sends, by name. Each channel maps a name to its provider's template id
/// in configuration (Sms:Templates:&lt;name&gt;, WeChat:Templates:&lt;name&gt;), because those ids are
/// issued per account when the bureau registers the template with the provider.
/// </summary>
public static class MessageTemplates
{
    /// <summary>A sign-in code for the parent's phone (SMS only). Parameter: code.</summary>
    public const string SignInCode = "SignInCode";

    /// <summary>The school returned the application for correction (退回补充).</summary>
    public const string ReturnedForCorrection = "ReturnedForCorrection";

    /// <summary>The result of the application is published (录取结果公示).</summary>
    public const string ResultPublished = "ResultPublished";

    /// <summary>A saved form not yet submitted, the day before registration closes. Parameter: closes (Beijing time).</summary>
    public const string DraftReminder = "DraftReminder";

    /// <summary>A correction or a lottery place still waits for the guardian, the day before its deadline. Parameters: school, status, deadline (Beijing time).</summary>
    public const string DeadlineReminder = "DeadlineReminder";

    /// <summary>To a school's reviewers: applications still waiting, the day before review closes. Parameters: school, count, closes.</summary>
    public const string ReviewBacklog = "ReviewBacklog";
}

/// <summary>Text messages through the bureau's SMS provider.</summary>
public interface ISmsGateway
{
    /// <param name="mobile">A mainland mobile number, 11 digits.</param>
    /// <param name="template">A template name from <see cref="MessageTemplates"/>, configured under Sms:Templates.</param>
    /// <param name="parameters">The template's parameters by name.</param>
    Task<SendResult> SendAsync(string mobile, string template, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken);
}
