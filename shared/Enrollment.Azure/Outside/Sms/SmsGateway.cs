using System.Net;
using Enrollment.Core.Outside;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Enrollment.Azure.Outside.Sms;

public sealed class SmsGateway(
    ISmsApi api,
    IOptions<SmsOptions> options,
    TimeProvider time,
    ILogger<SmsGateway> logger) : ISmsGateway
{
    private const string Service = "Sms";
    private readonly NotConfiguredNotice _notConfigured = new(logger, Service);

    public async Task<SendResult> SendAsync(string mobile, string template, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            _notConfigured.Report(template, $"{SmsOptions.Section}:BaseUrl");
            return new SendResult.Unavailable(Unavailability.NotConfigured);
        }

        if (!settings.Templates.TryGetValue(template, out var templateId) || string.IsNullOrWhiteSpace(templateId))
        {
            _notConfigured.Report(template, $"{SmsOptions.Section}:Templates:{template}");
            return new SendResult.Unavailable(Unavailability.NotConfigured);
        }

        var request = new SmsSendRequest(mobile.Trim(), settings.SignName!, templateId, parameters);
        using var answer = await OutsideCall.SendAsync(ct => api.SendAsync(request, ct), time, cancellationToken);
        var result = Map(answer);

        var outcome = result is SendResult.Unavailable u ? $"Unavailable:{u.Reason}" : result.GetType().Name;
        OutsideLog.Answered(logger, Service, template, outcome, result is not SendResult.Unavailable, answer.StatusCode, answer.Elapsed);
        return result;
    }

    private static SendResult Map(OutsideAnswer<SmsSendResponse> answer)
    {
        // The provider judged this message (bad number, template parameters, per-number limit): sending it again will not help.
        if (answer.Response is { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity } refused)
        {
            var body = OutsideJson.ContentOrErrorBody(refused);
            return new SendResult.Rejected(body?.Code ?? body?.Message ?? $"HTTP {(int)refused.StatusCode!.Value}");
        }

        return answer switch
        {
            { Failure: { } reason } => new SendResult.Unavailable(reason),
            { Content.Accepted: true } => new SendResult.Sent(answer.Content.MessageId),
            { Content: { Accepted: false } body } => new SendResult.Rejected(body.Code ?? body.Message ?? "rejected"),
            // A 2xx we cannot read may or may not have been sent; saying Unavailable lets the caller decide.
            _ => new SendResult.Unavailable(Unavailability.Malformed),
        };
    }
}
