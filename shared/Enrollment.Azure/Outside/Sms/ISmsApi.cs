using System.Text.Json.Serialization;
using Refit;

namespace Enrollment.Azure.Outside.Sms;

/// <summary>
/// Our provider-neutral SMS contract: <c>POST {base}/sms/send</c> with
/// <c>{mobile, signName, templateId, parameters}</c> and an <c>X-Api-Key</c> header.
/// 200 <c>{accepted: true, messageId}</c> is sent; 200 <c>{accepted: false, code, message}</c> or
/// 400/422 <c>{code, message}</c> is a refusal of this message. A real provider (its signing scheme,
/// its field names) is mapped in <see cref="SmsGateway"/>.
/// </summary>
public interface ISmsApi
{
    [Post("/sms/send")]
    Task<IApiResponse<SmsSendResponse>> SendAsync([Body] SmsSendRequest request, CancellationToken cancellationToken);
}

public sealed record SmsSendRequest(
    [property: JsonPropertyName("mobile")] string Mobile,
    [property: JsonPropertyName("signName")] string SignName,
    [property: JsonPropertyName("templateId")] string TemplateId,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters);

public sealed record SmsSendResponse(
    [property: JsonPropertyName("accepted")] bool? Accepted,
    [property: JsonPropertyName("messageId")] string? MessageId,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);
