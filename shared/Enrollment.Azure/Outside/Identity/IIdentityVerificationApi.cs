using System.Text.Json.Serialization;
using Refit;

namespace Enrollment.Azure.Outside.Identity;

/// <summary>
/// Our provider-neutral contract for real-name verification (two factors: name and ID number):
/// <c>POST {base}/identity/verify</c> with <c>{name, idNumber}</c> and an <c>X-Api-Key</c> header,
/// answering 200 <c>{matched}</c>. A commercial or government provider is mapped in <see cref="IdentityVerifier"/>.
/// </summary>
public interface IIdentityVerificationApi
{
    [Post("/identity/verify")]
    Task<IApiResponse<IdentityVerification>> VerifyAsync([Body] IdentityVerificationRequest request, CancellationToken cancellationToken);
}

public sealed record IdentityVerificationRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("idNumber")] string IdNumber);

public sealed record IdentityVerification([property: JsonPropertyName("matched")] bool? Matched);
