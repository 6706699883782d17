using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrollment.Azure.Outside.WeChat;

/// <summary>Mini program subscription messages (<c>cgi-bin/message/subscribe/send</c>).</summary>
public sealed class WeChatNotifier(
    IWeChatMessageApi api,
    WeChatAccessTokenCache tokens,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WeChatNotifier> logger) : IWeChatNotifier
{
    private const string Service = "WeChat";
    private readonly NotConfiguredNotice _notConfigured = new(logger, Service);

    public async Task<SendResult> SendSubscribeMessageAsync(string openId, string template, IReadOnlyDictionary<string, string> data, string? page, CancellationToken cancellationToken)
    {
        if (!options.Value.Templates.TryGetValue(template, out var templateId) || string.IsNullOrWhiteSpace(templateId))
        {
            _notConfigured.Report(template, $"{WeChatOptions.Section}:Templates:{template}");
            return new SendResult.Unavailable(Unavailability.NotConfigured);
        }

        var message = new WeChatSubscribeMessage(openId, templateId, page, data.ToDictionary(d => d.Key, d => new WeChatValue(d.Value)), options.Value.MiniProgramState);
        var result = await SendAsync(template, message, cancellationToken);
        if (result.Retry is { } refused)
        {
            // WeChat no longer accepts the token we held (revoked, or expired early): one more try with a fresh one.
            tokens.Invalidate(refused);
            result = await SendAsync(template, message, cancellationToken);
        }

        return result.Outcome;
    }

    private async Task<(SendResult Outcome, string? Retry)> SendAsync(string template, WeChatSubscribeMessage message, CancellationToken cancellationToken)
    {
        var lookup = await tokens.GetAsync(cancellationToken);
        if (lookup is not AccessTokenResult.Issued { Token: var token })
        {
            var reason = ((AccessTokenResult.Unavailable)lookup).Reason;
            OutsideLog.Answered(logger, Service, template, $"Unavailable:{reason} (no access token)", false, null, TimeSpan.Zero);
            return (new SendResult.Unavailable(reason), null);
        }

        using var answer = await OutsideCall.SendAsync(ct => api.SendSubscribeMessageAsync(token, message, ct), time, cancellationToken);
        var errcode = answer.Content?.ErrorCode;
        (SendResult Outcome, string? Retry) result = answer switch
        {
            { Failure: { } reason } => (new SendResult.Unavailable(reason), null),
            _ when errcode is null => (new SendResult.Unavailable(Unavailability.Malformed), null),
            _ when errcode == 0 => (new SendResult.Sent(answer.Content?.MessageId?.ToString(System.Globalization.CultureInfo.InvariantCulture)), null),
            _ when WeChatErrors.RejectsToken(errcode.Value) => (new SendResult.Unavailable(Unavailability.Refused), token),
            _ when WeChatErrors.RejectsMessage(errcode.Value) => (new SendResult.Rejected($"{errcode}: {answer.Content?.ErrorMessage}"), null),
            _ => (new SendResult.Unavailable(WeChatErrors.Unavailable(errcode.Value)), null),
        };

        var outcome = result.Outcome switch
        {
            SendResult.Unavailable u => $"Unavailable:{u.Reason}",
            _ => result.Outcome.GetType().Name,
        };
        OutsideLog.Answered(logger, Service, template, errcode is null or 0 ? outcome : $"{outcome} errcode {errcode}", result.Outcome is not SendResult.Unavailable, answer.StatusCode, answer.Elapsed);
        return result;
    }
}
